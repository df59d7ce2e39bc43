// Go's fmt package over template values: Sprint, Sprintln and Sprintf with
// fmt's verbs, flags, widths, precisions, argument indexes and its error
// notations (%!d(string=x), %!s(MISSING), %!(EXTRA int=1), %!(NOVERB),
// %!(BADWIDTH), %!(BADPREC), %!v(BADINDEX)).
//
// The invalid value stands for Go's nil interface and prints "<nil>".
// Values whose type has a String method print through it for %v %s %q %x
// %X, as Go's fmt.Stringer does. Maps print in key order, structs as
// {a b} (%+v: {Name:a Value:b}), pointers to structs as &{...} at the top.
//
// All functions are pure and thread-safe.

#ifndef TOCSIN_TEMPLATE_GO_FMT_H_
#define TOCSIN_TEMPLATE_GO_FMT_H_

#include <span>
#include <string>
#include <string_view>

#include "template/value.h"

namespace tocsin::tmpl {

std::string Sprint(std::span<const Value> args);
std::string Sprintln(std::span<const Value> args);
std::string Sprintf(std::string_view format, std::span<const Value> args);

// fmt.Fprint of one value appended to `out`.
void AppendPrint(std::string& out, const Value& v);
// The same for the value a pointer points to, as text/template prints
// values: a non-nil *T prints as T would ({...} rather than &{...}).
void AppendPrintIndirect(std::string& out, const Value& v);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_GO_FMT_H_
