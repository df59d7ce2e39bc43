// Go's html/template on top of the text/template engine: contextual
// autoescaping. EscapeHTML rewrites a template (and the templates it calls,
// under derived names when they are called in other contexts) so that every
// action's output passes through the escaper its HTML context needs:
// text and RCDATA (<title>) are HTML-escaped, quoted and unquoted attribute
// values attribute-escaped, URL attributes filtered and normalized (query
// parts percent-encoded), <script> and on* values JS-escaped, <style> and
// style values CSS-escaped. template.HTML values (safeHtml) pass unescaped
// where HTML may appear. HTML comments in the template text are removed and
// stray '<' in text become "&lt;", as html/template does.
//
// Escaping is a pure function of the set; the result is a new set that may
// be executed from many threads.

#ifndef TOCSIN_TEMPLATE_HTML_ESCAPE_H_
#define TOCSIN_TEMPLATE_HTML_ESCAPE_H_

#include <string_view>

#include "promql/status.h"
#include "template/template.h"

namespace tocsin::tmpl {

// html/template.HTML, the type of trusted HTML (safeHtml's result): it is
// not escaped where HTML may appear.
const Type* HTMLType();

// The escaping functions html/template inserts (_html_template_htmlescaper,
// _html_template_attrescaper, _html_template_urlfilter, ...).
const FuncMap& HTMLEscaperFuncs();

// Escapes template `name` of `set` as html/template does before its first
// execution. Errors read as Go's ("html/template:NAME: ends in a non-text
// context: ...", "html/template:NAME:3:7: {{if}} branches end in different
// contexts: ...").
Result<Template> EscapeHTML(const Template& set, std::string_view name);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_HTML_ESCAPE_H_
