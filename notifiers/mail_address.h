// RFC 5322 address lists as Go 1.19's net/mail parses them, which is how
// Alertmanager 0.25 reads an email receiver's `to` and `from`: mailboxes
// ("ops@example.org", "Jane Doe <jane@example.org>", "jane@example.org
// (Jane Doe)"), quoted local parts and display names, RFC 2047 encoded
// words in display names, and groups ("team: a@x.org, b@x.org;").
// Domain literals and obsolete forms are rejected as Go rejects them,
// Empty entries between commas are skipped. Errors carry Go's messages
// ("mail: missing '@' or angle-addr", "mail: no angle-addr", "mail:
// expected comma", ...).
//
// Pure functions; thread-safe.

#ifndef TOCSIN_NOTIFIERS_MAIL_ADDRESS_H_
#define TOCSIN_NOTIFIERS_MAIL_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

struct MailAddress {
  std::string name;     // the display name, decoded; may be empty
  std::string address;  // local@domain, as used in MAIL FROM / RCPT TO
  friend bool operator==(const MailAddress&, const MailAddress&) = default;
};

// mail.ParseAddressList. Errors are kInvalidArgument with Go's message.
Result<std::vector<MailAddress>> ParseMailAddressList(std::string_view list);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_MAIL_ADDRESS_H_
