// Number constants of templates, held in every representation that is exact
// for them (Go's parse.newNumber).

#include "go/strconv.h"
#include "template/ast.h"

namespace tocsin::tmpl {
namespace {

// Whether the text has one of the characters that make a constant a float.
bool HasFloatSyntax(std::string_view text) {
  return text.find_first_of(".eEpP") != std::string_view::npos;
}

}  // namespace

Result<std::unique_ptr<NumberNode>> NewNumberNode(size_t pos, const Source* src,
                                                  std::string_view text,
                                                  NumberSyntax syntax) {
  auto n = std::make_unique<NumberNode>(pos, src, std::string(text));
  if (syntax == NumberSyntax::kChar) {
    Result<int32_t> r = go::UnquoteCharLiteral(text);
    if (!r.ok()) {
      return Status::InvalidArgument(r.status().message());
    }
    n->is_int = n->is_uint = n->is_float = true;
    n->int64 = *r;
    n->uint64 = static_cast<uint64_t>(*r);
    n->float64 = *r;
    return n;
  }
  auto simplify_complex = [&](double re, double im) {
    n->is_complex = true;
    n->float64 = re;
    n->imag = im;
    n->is_float = im == 0;
    if (n->is_float) {
      n->is_int = static_cast<double>(static_cast<int64_t>(re)) == re;
      if (n->is_int) n->int64 = static_cast<int64_t>(re);
      n->is_uint =
          re >= 0 && static_cast<double>(static_cast<uint64_t>(re)) == re;
      if (n->is_uint) n->uint64 = static_cast<uint64_t>(re);
    }
  };
  if (syntax == NumberSyntax::kComplex) {
    // real part, then a signed imaginary part ending in 'i'.
    size_t split = text.find_last_of("+-");
    while (split > 0 && (text[split - 1] == 'e' || text[split - 1] == 'E')) {
      split = text.find_last_of("+-", split - 1);
    }
    Result<double> re = go::ParseFloat(text.substr(0, split));
    Result<double> im =
        go::ParseFloat(text.substr(split, text.size() - split - 1));
    if (!re.ok() || !im.ok()) {
      return Status::InvalidArgument("expected integer");
    }
    simplify_complex(*re, *im);
    return n;
  }
  if (!text.empty() && text.back() == 'i') {
    Result<double> f = go::ParseFloat(text.substr(0, text.size() - 1));
    if (f.ok()) {
      simplify_complex(0, *f);
      return n;
    }
  }
  Result<uint64_t> u = go::ParseUint(text);
  if (u.ok()) {
    n->is_uint = true;
    n->uint64 = *u;
  }
  Result<int64_t> i = go::ParseInt(text);
  if (i.ok()) {
    n->is_int = true;
    n->int64 = *i;
    if (*i == 0) {
      n->is_uint = true;
      n->uint64 = u.ok() ? *u : 0;
    }
  }
  if (n->is_int) {
    n->is_float = true;
    n->float64 = static_cast<double>(n->int64);
  } else if (n->is_uint) {
    n->is_float = true;
    n->float64 = static_cast<double>(n->uint64);
  } else {
    Result<double> f = go::ParseFloat(text);
    if (f.ok()) {
      if (!HasFloatSyntax(text)) {
        return Status::InvalidArgument("integer overflow: " + go::Quote(text));
      }
      n->is_float = true;
      n->float64 = *f;
      double v = *f;
      if (!n->is_int && v >= -9.2233720368547758e18 &&
          v < 9.2233720368547758e18 &&
          static_cast<double>(static_cast<int64_t>(v)) == v) {
        n->is_int = true;
        n->int64 = static_cast<int64_t>(v);
      }
      if (!n->is_uint && v >= 0 && v < 1.8446744073709552e19 &&
          static_cast<double>(static_cast<uint64_t>(v)) == v) {
        n->is_uint = true;
        n->uint64 = static_cast<uint64_t>(v);
      }
    }
  }
  if (!n->is_int && !n->is_uint && !n->is_float) {
    return Status::InvalidArgument("illegal number syntax: " + go::Quote(text));
  }
  return n;
}

}  // namespace tocsin::tmpl
