#include "engine/http_request.h"

#include <algorithm>
#include <cctype>

#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Go's url.EscapeError text for the malformed escape at s[i].
std::string EscapeErrorText(std::string_view s, size_t i) {
  std::string_view bad = s.substr(i, 3);
  return "invalid URL escape " + promql::GoQuote(bad);
}

// Decodes one query component; on error stores Go's message in *error.
std::optional<std::string> QueryUnescape(std::string_view s,
                                         std::string* error) {
  // Fast path: nothing to decode.
  if (s.find_first_of("%+") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        *error = EscapeErrorText(s, i);
        return std::nullopt;
      }
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The media type of a Content-Type header value, lower-cased, without
// parameters.
std::string MediaType(std::string_view content_type) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) {
    t.remove_prefix(1);
  }
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) {
    t.remove_suffix(1);
  }
  std::string out(t);
  for (char& c : out) c = std::tolower(static_cast<unsigned char>(c));
  return out;
}

}  // namespace

std::string_view FormParams::Get(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return v;
  }
  return {};
}

bool FormParams::Has(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (k == key) return true;
  }
  return false;
}

std::vector<std::string_view> FormParams::GetAll(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : pairs_) {
    if (k == key) out.push_back(v);
  }
  return out;
}

std::string ParseUrlEncoded(std::string_view text, FormParams* out) {
  std::string first_error;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view()
                                         : text.substr(amp + 1);
    if (pair.find(';') != std::string_view::npos) {
      // Go overwrites its error here rather than keeping the first one.
      first_error = "invalid semicolon separator in query";
      continue;
    }
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view raw_key = pair.substr(0, eq);
    std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::string error;
    auto key = QueryUnescape(raw_key, &error);
    std::optional<std::string> value;
    if (key) value = QueryUnescape(raw_value, &error);
    if (!key || !value) {
      if (first_error.empty()) first_error = error;
      continue;
    }
    out->Add(std::move(*key), std::move(*value));
  }
  return first_error;
}

std::optional<std::string> PercentDecode(std::string_view s,
                                         bool plus_is_space) {
  if (s.find('%') == std::string_view::npos &&
      (!plus_is_space || s.find('+') == std::string_view::npos)) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      int hi = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return {};
}

std::string_view HttpRequest::PathParam(std::string_view name) const {
  for (const auto& [k, v] : path_params) {
    if (k == name) return v;
  }
  return {};
}

bool ParseRequestParams(HttpRequest* request) {
  std::string_view target = request->target;
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  request->raw_query = q == std::string_view::npos
                           ? std::string()
                           : std::string(target.substr(q + 1));
  auto path = PercentDecode(raw_path, /*plus_is_space=*/false);
  if (!path) return false;
  request->path = std::move(*path);

  std::string error;
  const std::string& m = request->method;
  if ((m == "POST" || m == "PUT" || m == "PATCH") &&
      MediaType(request->Header("Content-Type")) ==
          "application/x-www-form-urlencoded") {
    error = ParseUrlEncoded(request->body, &request->params);
  }
  std::string query_error =
      ParseUrlEncoded(request->raw_query, &request->params);
  request->form_error =
      error.empty() ? std::move(query_error) : std::move(error);
  return true;
}

HttpResponse HttpResponse::Text(int status, std::string_view text) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body.reserve(text.size() + 1);
  r.body.append(text);
  r.body += '\n';
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace tocsin::engine
