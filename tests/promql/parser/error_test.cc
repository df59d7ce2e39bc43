// Parse errors: each input fails with exactly the message Prometheus 2.42
// gives for it (position, wording, quoting).

#include <gtest/gtest.h>

#include "promql/parser/parser.h"

namespace tocsin::promql {
namespace {

struct ErrorCase {
  const char* input;
  const char* error;
};

const ErrorCase kCases[] = {
    {"foo{__name__!=\"bar\"}",
     "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
    {"-foo[5m:]",
     "1:1: parse error: unary expression only allowed on expressions of type "
     "scalar or instant vector, got \"range vector\""},
    {"rate(", "1:6: parse error: unclosed left parenthesis"},
    {")", "1:2: parse error: unexpected right parenthesis ')'"},
    {"sum by (foo:bar_baz) (x)",
     "1:9: parse error: unexpected metric identifier \"foo:bar_baz\" in "
     "grouping opts, expected label"},
    {"+", "1:2: parse error: unexpected end of input"},
    {"foo{a=\"b\", # comment",
     "1:21: parse error: unexpected end of input inside braces"},
    {"c=\"d\"}", "1:2: parse error: unexpected \"=\""},
    {"", "1:1: parse error: no expression found in input"},
    {"   ", "1:1: parse error: no expression found in input"},
    {"# only a comment", "1:1: parse error: no expression found in input"},
    {"foo bar", "1:5: parse error: unexpected identifier \"bar\""},
    {"foo +", "1:6: parse error: unexpected end of input"},
    {"foo + ", "1:7: parse error: unexpected end of input"},
    {"-", "1:2: parse error: unexpected end of input"},
    {"*", "1:1: parse error: unexpected <op:*>"},
    {"foo *", "1:6: parse error: unexpected end of input"},
    {"* foo", "1:1: parse error: unexpected <op:*>"},
    {"foo * * bar", "1:7: parse error: unexpected <op:*>"},
    {"1 +", "1:4: parse error: unexpected end of input"},
    {"(", "1:2: parse error: unclosed left parenthesis"},
    {"(foo", "1:5: parse error: unclosed left parenthesis"},
    {"((foo)", "1:7: parse error: unclosed left parenthesis"},
    {"foo)", "1:5: parse error: unexpected right parenthesis ')'"},
    {"foo))", "1:5: parse error: unexpected right parenthesis ')'"},
    {"[", "1:1: parse error: unexpected \"[\""},
    {"]", "1:1: parse error: unexpected right bracket ']'"},
    {"foo]", "1:4: parse error: unexpected right bracket ']'"},
    {"foo[", "1:5: parse error: missing unit character in duration"},
    {"foo[5m", "1:7: parse error: unclosed left bracket"},
    {"foo[5m]]", "1:8: parse error: unexpected right bracket ']'"},
    {"foo[[5m]]", "1:5: parse error: missing unit character in duration"},
    {"foo[5m:1m:1m]", "1:10: parse error: unexpected colon ':'"},
    {"foo[5]", "1:5: parse error: missing unit character in duration"},
    {"foo[5x]", "1:5: parse error: bad duration syntax: \"5\""},
    {"foo[]", "1:5: parse error: missing unit character in duration"},
    {"foo[-5m]", "1:5: parse error: missing unit character in duration"},
    {"foo[5m:x]", "1:8: parse error: unexpected colon 'x'"},
    {"foo[x]", "1:5: parse error: bad duration syntax: \"\""},
    {"foo[5m 1]",
     "1:8: parse error: unexpected number \"1\" in subquery or range, expected "
     "\":\" or \"]\""},
    {"foo[5m:1]",
     "1:8: parse error: unexpected number \"1\" in subquery selector, expected "
     "duration or \"]\""},
    {"foo[5m:1m 5]",
     "1:11: parse error: unexpected number \"5\" in subquery selector, "
     "expected \"]\""},
    {"foo[5m:1m)", "1:11: parse error: unexpected right parenthesis ')'"},
    {"foo[1.5m]", "1:5: parse error: not a valid duration string: \"1.5m\""},
    {"foo[5mm]", "1:5: parse error: bad duration syntax: \"5mm\""},
    {"foo[5m1]", "1:5: parse error: bad duration syntax: \"5m1\""},
    {"foo[1s1m]", "1:5: parse error: not a valid duration string: \"1s1m\""},
    {"foo[0s]", "1:5: parse error: duration must be greater than 0"},
    {"foo[0m:1m]", "1:5: parse error: duration must be greater than 0"},
    {"foo[5m:0s]", "1:8: parse error: duration must be greater than 0"},
    {"foo[300y]", "1:5: parse error: duration out of range"},
    {"foo[1h30]", "1:5: parse error: bad duration syntax: \"1h30\""},
    {"foo[5M]", "1:5: parse error: bad duration syntax: \"5\""},
    {"foo[1ys]", "1:5: parse error: not a valid duration string: \"1ys\""},
    {"foo[5h:1hs]", "1:8: parse error: not a valid duration string: \"1hs\""},
    {"{", "1:2: parse error: unexpected end of input inside braces"},
    {"}", "1:1: parse error: unexpected character: '}'"},
    {"{}",
     "1:1: parse error: vector selector must contain at least one non-empty "
     "matcher"},
    {"{a=\"\"}",
     "1:1: parse error: vector selector must contain at least one non-empty "
     "matcher"},
    {"{a=~\".*\"}",
     "1:1: parse error: vector selector must contain at least one non-empty "
     "matcher"},
    {"{a=~\"\"}",
     "1:1: parse error: vector selector must contain at least one non-empty "
     "matcher"},
    {"{a=\"\", b=~\".*\"}",
     "1:1: parse error: vector selector must contain at least one non-empty "
     "matcher"},
    {"foo{", "1:5: parse error: unexpected end of input inside braces"},
    {"foo{a", "1:6: parse error: unexpected end of input inside braces"},
    {"foo{a=", "1:7: parse error: unexpected end of input inside braces"},
    {"foo{a=\"b\"", "1:10: parse error: unexpected end of input inside braces"},
    {"foo{a=\"b\",",
     "1:11: parse error: unexpected end of input inside braces"},
    {"foo{a=\"b\" c=\"d\"}",
     "1:11: parse error: unexpected identifier \"c\" in label matching, "
     "expected \",\" or \"}\""},
    {"foo{a=\"b\",,}",
     "1:11: parse error: unexpected \",\" in label matching, expected "
     "identifier or \"}\""},
    {"foo{,}",
     "1:5: parse error: unexpected \",\" in label matching, expected "
     "identifier or \"}\""},
    {"foo{a}",
     "1:6: parse error: unexpected \"}\" in label matching, expected label "
     "matching operator"},
    {"foo{a b}",
     "1:7: parse error: unexpected identifier \"b\" in label matching, "
     "expected label matching operator"},
    {"foo{a=\"b\"=}",
     "1:10: parse error: unexpected \"=\" in label matching, expected \",\" or "
     "\"}\""},
    {"foo{\"a\"=\"b\"}",
     "1:5: parse error: unexpected string \"\\\"a\\\"\" in label matching, "
     "expected identifier or \"}\""},
    {"foo{a=~b}",
     "1:8: parse error: unexpected identifier \"b\" in label matching, "
     "expected string"},
    {"foo{a=1}", "1:7: parse error: unexpected character inside braces: '1'"},
    {"foo{1=\"b\"}",
     "1:5: parse error: unexpected character inside braces: '1'"},
    {"foo{a==\"b\"}",
     "1:7: parse error: unexpected \"=\" in label matching, expected string"},
    {"foo{a!\"b\"}",
     "1:6: parse error: unexpected character after '!' inside braces: '\"'"},
    {"foo{a~\"b\"}",
     "1:6: parse error: unexpected character inside braces: '~'"},
    {"foo{{}", "1:5: parse error: unexpected left brace '{'"},
    {"foo{a=\"b\"}}", "1:11: parse error: unexpected character: '}'"},
    {"foo{a:b=\"c\"}",
     "1:6: parse error: unexpected character inside braces: ':'"},
    {"foo{__name__=\"bar\"}",
     "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
    {"foo{__name__=~\"bar\"}",
     "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\""},
    {"foo{a=~\"(\"}",
     "1:5: parse error: error parsing regexp: missing closing ): `^(?:()$`"},
    {"foo{a=~\")\"}",
     "1:5: parse error: error parsing regexp: unexpected ): `^(?:))$`"},
    {"foo{a=~\"[\"}",
     "1:5: parse error: error parsing regexp: missing closing ]: `[)$`"},
    {"foo{a=~\"a**\"}",
     "1:5: parse error: error parsing regexp: invalid nested repetition "
     "operator: `**`"},
    {"foo{a=~\"a++\"}",
     "1:5: parse error: error parsing regexp: invalid nested repetition "
     "operator: `++`"},
    {"foo{a=~\"*\"}",
     "1:5: parse error: error parsing regexp: missing argument to repetition "
     "operator: `*`"},
    {"foo{a=~\"\\\\\"}",
     "1:5: parse error: error parsing regexp: missing closing ): `^(?:\\)$`"},
    {"foo{a=~\"a{2,1}\"}",
     "1:5: parse error: error parsing regexp: invalid repeat count: `{2,1}`"},
    {"foo{a=~\"a{1001}\"}",
     "1:5: parse error: error parsing regexp: invalid repeat count: `{1001}`"},
    {"foo{a=~\"[z-a]\"}",
     "1:5: parse error: error parsing regexp: invalid character class range: "
     "`z-a`"},
    {"foo{a=~\"\\\\p{Foo}\"}",
     "1:5: parse error: error parsing regexp: invalid character class range: "
     "`\\p{Foo}`"},
    {"foo{a=~\"(?<name>x)\"}",
     "1:5: parse error: error parsing regexp: invalid or unsupported Perl "
     "syntax: `(?<`"},
    {"foo{a=~\"(?P<>x)\"}",
     "1:5: parse error: error parsing regexp: invalid named capture: `(?P<>`"},
    {"foo{a=~\"\\\\Q\"}",
     "1:5: parse error: error parsing regexp: missing closing ): `^(?:\\Q)$`"},
    {"foo{a=~\"[[:foo:]]\"}",
     "1:5: parse error: error parsing regexp: invalid character class range: "
     "`[:foo:]`"},
    {"foo{a=\"b\"} offset",
     "1:18: parse error: unexpected end of input in offset, expected duration"},
    {"foo offset",
     "1:11: parse error: unexpected end of input in offset, expected duration"},
    {"foo offset 5",
     "1:12: parse error: unexpected number \"5\" in offset, expected duration"},
    {"foo offset x",
     "1:12: parse error: unexpected identifier \"x\" in offset, expected "
     "duration"},
    {"foo offset -x",
     "1:13: parse error: unexpected identifier \"x\" in offset, expected "
     "duration"},
    {"foo offset +5m",
     "1:12: parse error: unexpected <op:+> in offset, expected duration"},
    {"foo offset 5m offset 1m",
     "1:1: parse error: offset may not be set multiple times"},
    {"foo[5m] offset 1m offset 1m",
     "1:1: parse error: offset may not be set multiple times"},
    {"foo offset 0s", "1:12: parse error: duration must be greater than 0"},
    {"foo offset 5m [5m]",
     "1:15: parse error: no offset modifiers allowed before range"},
    {"(foo) offset 5m",
     "1:1: parse error: offset modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"sum(foo) offset 5m",
     "1:1: parse error: offset modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"rate(foo[5m]) offset 5m",
     "1:1: parse error: offset modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"1 offset 5m",
     "1:1: parse error: offset modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"\"a\" offset 5m",
     "1:1: parse error: offset modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"-1 offset 5m",
     "1:2: parse error: offset modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"foo @",
     "1:6: parse error: unexpected end of input in @, expected timestamp"},
    {"foo @ x",
     "1:7: parse error: unexpected identifier \"x\" in @, expected timestamp"},
    {"foo @ @",
     "1:7: parse error: unexpected \"<Item 57385>\" <op:@> in @, expected "
     "timestamp"},
    {"foo @ -",
     "1:8: parse error: unexpected end of input in @, expected timestamp"},
    {"foo @ - x",
     "1:9: parse error: unexpected identifier \"x\" in @, expected timestamp"},
    {"foo @ start",
     "1:12: parse error: unexpected end of input in @, expected timestamp"},
    {"foo @ start(", "1:13: parse error: unclosed left parenthesis"},
    {"foo @ start(5)",
     "1:13: parse error: unexpected number \"5\" in @, expected timestamp"},
    {"foo @ begin()",
     "1:7: parse error: unexpected identifier \"begin\" in @, expected "
     "timestamp"},
    {"foo @ 1 @ 2",
     "1:1: parse error: @ <timestamp> may not be set multiple times"},
    {"foo @ start() @ 2",
     "1:1: parse error: @ <timestamp> may not be set multiple times"},
    {"foo @ 1 @ end()",
     "1:1: parse error: @ <timestamp> may not be set multiple times"},
    {"foo[5m] @ 1 @ 2",
     "1:1: parse error: @ <timestamp> may not be set multiple times"},
    {"foo[5m:] @ 1 @ 2",
     "1:1: parse error: @ <timestamp> may not be set multiple times"},
    {"foo @ 10 [5m]", "1:10: parse error: no @ modifiers allowed before range"},
    {"foo @ 10 offset 5m [5m]",
     "1:20: parse error: no offset modifiers allowed before range"},
    {"foo @ Inf",
     "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"},
    {"foo @ -Inf",
     "1:1: parse error: timestamp out of bounds for @ modifier: -Inf"},
    {"foo @ NaN",
     "1:1: parse error: timestamp out of bounds for @ modifier: NaN"},
    {"foo @ 1e19",
     "1:1: parse error: timestamp out of bounds for @ modifier: "
     "10000000000000000000.000000"},
    {"foo @ -1e19",
     "1:1: parse error: timestamp out of bounds for @ modifier: "
     "-10000000000000000000.000000"},
    {"foo @ 9.3e18",
     "1:1: parse error: timestamp out of bounds for @ modifier: "
     "9300000000000000000.000000"},
    {"1 @ 10",
     "1:1: parse error: @ modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"(foo) @ 10",
     "1:1: parse error: @ modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"sum(foo) @ 10",
     "1:1: parse error: @ modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"rate(foo[5m]) @ start()",
     "1:1: parse error: @ modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"\"foo\" @ 10",
     "1:1: parse error: @ modifier must be preceded by an instant vector "
     "selector or range vector selector or a subquery"},
    {"foo @ 1e",
     "1:7: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"1e\": invalid syntax"},
    {"foo @ 0x",
     "1:7: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"0x\": invalid syntax"},
    {"sum foo", "1:5: parse error: unexpected identifier \"foo\""},
    {"sum 1", "1:5: parse error: unexpected number \"1\""},
    {"sum(", "1:5: parse error: unclosed left parenthesis"},
    {"sum()",
     "1:1: parse error: no arguments for aggregate expression provided"},
    {"sum(foo, bar)",
     "1:1: parse error: wrong number of arguments for aggregate expression "
     "provided, expected 1, got 2"},
    {"sum(foo,)",
     "1:8: parse error: trailing commas not allowed in function call args"},
    {"sum(,)", "1:5: parse error: unexpected \",\" in aggregation"},
    {"sum by",
     "1:7: parse error: unexpected end of input in grouping opts, expected "
     "\"(\""},
    {"sum by foo",
     "1:8: parse error: unexpected identifier \"foo\" in grouping opts, "
     "expected \"(\""},
    {"sum by (", "1:9: parse error: unclosed left parenthesis"},
    {"sum by (a", "1:10: parse error: unclosed left parenthesis"},
    {"sum by (a b) (foo)",
     "1:11: parse error: unexpected identifier \"b\" in grouping opts, "
     "expected \",\" or \")\""},
    {"sum by (a,, b) (foo)",
     "1:11: parse error: unexpected \",\" in grouping opts, expected label"},
    {"sum by (1) (foo)",
     "1:9: parse error: unexpected number \"1\" in grouping opts, expected "
     "label"},
    {"sum by (\"a\") (foo)",
     "1:9: parse error: unexpected string \"\\\"a\\\"\" in grouping opts, "
     "expected label"},
    {"sum by (foo:bar) (foo)",
     "1:9: parse error: unexpected metric identifier \"foo:bar\" in grouping "
     "opts, expected label"},
    {"sum by (without) (foo)",
     "1:9: parse error: unexpected <without> in grouping opts, expected label"},
    {"sum by (a) foo",
     "1:12: parse error: unexpected identifier \"foo\" in aggregation"},
    {"sum by (a) (foo) by (b)", "1:18: parse error: unexpected <by>"},
    {"sum(foo) by (a) by (b)", "1:17: parse error: unexpected <by>"},
    {"sum without",
     "1:12: parse error: unexpected end of input in grouping opts, expected "
     "\"(\""},
    {"sum(foo) by",
     "1:12: parse error: unexpected end of input in grouping opts, expected "
     "\"(\""},
    {"sum(foo) by foo",
     "1:13: parse error: unexpected identifier \"foo\" in grouping opts, "
     "expected \"(\""},
    {"sum(foo bar)",
     "1:9: parse error: unexpected identifier \"bar\" in aggregation"},
    {"sum(foo +)", "1:10: parse error: unexpected \")\" in aggregation"},
    {"sum(rate(foo bar))",
     "1:14: parse error: unexpected identifier \"bar\" in aggregation"},
    {"sum(foo) bar", "1:10: parse error: unexpected identifier \"bar\""},
    {"topk(foo)",
     "1:1: parse error: wrong number of arguments for aggregate expression "
     "provided, expected 2, got 1"},
    {"topk()",
     "1:1: parse error: no arguments for aggregate expression provided"},
    {"topk(1, 2, foo)",
     "1:1: parse error: wrong number of arguments for aggregate expression "
     "provided, expected 2, got 3"},
    {"topk(foo, 5)",
     "1:11: parse error: expected type instant vector in aggregation "
     "expression, got scalar"},
    {"topk(\"a\", foo)",
     "1:6: parse error: expected type scalar in aggregation parameter, got "
     "string"},
    {"quantile(foo, 0.9)",
     "1:15: parse error: expected type instant vector in aggregation "
     "expression, got scalar"},
    {"count_values(1, foo)",
     "1:14: parse error: expected type string in aggregation parameter, got "
     "scalar"},
    {"count_values(\"a\", foo[5m])",
     "1:19: parse error: expected type instant vector in aggregation "
     "expression, got range vector"},
    {"sum(foo[5m])",
     "1:5: parse error: expected type instant vector in aggregation "
     "expression, got range vector"},
    {"sum(\"a\")",
     "1:5: parse error: expected type instant vector in aggregation "
     "expression, got string"},
    {"sum(1)",
     "1:5: parse error: expected type instant vector in aggregation "
     "expression, got scalar"},
    {"sum by (a) (foo) without (b)", "1:18: parse error: unexpected <without>"},
    {"group_left", "1:1: parse error: unexpected <group_left>"},
    {"on", "1:1: parse error: unexpected <on>"},
    {"ignoring", "1:1: parse error: unexpected <ignoring>"},
    {"bool", "1:1: parse error: unexpected <bool>"},
    {"atan2", "1:1: parse error: unexpected <op:atan2>"},
    {"foo + bool bar",
     "1:5: parse error: bool modifier can only be used on comparison "
     "operators"},
    {"foo and bool bar",
     "1:5: parse error: bool modifier can only be used on comparison "
     "operators"},
    {"1 == 1",
     "1:3: parse error: comparisons between scalars must use BOOL modifier"},
    {"1 > 2",
     "1:3: parse error: comparisons between scalars must use BOOL modifier"},
    {"1 < bool 2 > 3",
     "1:12: parse error: comparisons between scalars must use BOOL modifier"},
    {"foo and 1",
     "1:1: parse error: set operator \"and\" not allowed in binary scalar "
     "expression"},
    {"1 and foo",
     "1:1: parse error: set operator \"and\" not allowed in binary scalar "
     "expression"},
    {"1 or 2",
     "1:1: parse error: set operator \"or\" not allowed in binary scalar "
     "expression"},
    {"1 unless foo",
     "1:1: parse error: set operator \"unless\" not allowed in binary scalar "
     "expression"},
    {"foo and on (a) group_left bar",
     "1:1: parse error: no grouping allowed for \"and\" operation"},
    {"foo or ignoring (a) group_right (b) bar",
     "1:1: parse error: no grouping allowed for \"or\" operation"},
    {"foo + on (a) group_left (a) bar",
     "1:5: parse error: label \"a\" must not occur in ON and GROUP clause at "
     "once"},
    {"1 + on (a) 2",
     "1:1: parse error: vector matching only allowed between instant vectors"},
    {"foo + on (a) 2",
     "1:1: parse error: vector matching only allowed between instant vectors"},
    {"foo + on",
     "1:9: parse error: unexpected end of input in grouping opts, expected "
     "\"(\""},
    {"foo + on a",
     "1:10: parse error: unexpected identifier \"a\" in grouping opts, "
     "expected \"(\""},
    {"foo + on (a", "1:12: parse error: unclosed left parenthesis"},
    {"foo + on (a) group_left",
     "1:24: parse error: unexpected end of input in grouping opts, expected "
     "\"(\""},
    {"foo + on (a) group_left )",
     "1:26: parse error: unexpected right parenthesis ')'"},
    {"foo + on (a) group_left ]",
     "1:25: parse error: unexpected right bracket ']'"},
    {"foo + on (a) group_left bool bar",
     "1:25: parse error: unexpected <bool> in grouping opts, expected \"(\""},
    {"foo + on (a) bool bar", "1:14: parse error: unexpected <bool>"},
    {"foo + group_left bar", "1:7: parse error: unexpected <group_left>"},
    {"foo bool bar", "1:5: parse error: unexpected <bool>"},
    {"foo + on(a) group_left(b",
     "1:25: parse error: unclosed left parenthesis"},
    {"\"a\" + 1",
     "1:1: parse error: binary expression must contain only scalar and instant "
     "vector types"},
    {"1 + \"a\"",
     "1:5: parse error: binary expression must contain only scalar and instant "
     "vector types"},
    {"foo[5m] + 1",
     "1:1: parse error: binary expression must contain only scalar and instant "
     "vector types"},
    {"1 + foo[5m]",
     "1:5: parse error: binary expression must contain only scalar and instant "
     "vector types"},
    {"foo[5m] and bar",
     "1:1: parse error: binary expression must contain only scalar and instant "
     "vector types"},
    {"-\"a\"",
     "1:1: parse error: unary expression only allowed on expressions of type "
     "scalar or instant vector, got \"string\""},
    {"-foo[5m]",
     "1:1: parse error: unary expression only allowed on expressions of type "
     "scalar or instant vector, got \"range vector\""},
    {"-(foo[5m])",
     "1:1: parse error: unary expression only allowed on expressions of type "
     "scalar or instant vector, got \"range vector\""},
    {"+\"a\"",
     "1:1: parse error: unary expression only allowed on expressions of type "
     "scalar or instant vector, got \"string\""},
    {"foo(", "1:5: parse error: unclosed left parenthesis"},
    {"foo()", "1:1: parse error: unknown function with name \"foo\""},
    {"foo(bar)", "1:1: parse error: unknown function with name \"foo\""},
    {"rate()",
     "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 0"},
    {"rate(foo)",
     "1:6: parse error: expected type range vector in call to function "
     "\"rate\", got instant vector"},
    {"rate(foo[5m], 1)",
     "1:1: parse error: expected 1 argument(s) in call to \"rate\", got 2"},
    {"rate(1)",
     "1:6: parse error: expected type range vector in call to function "
     "\"rate\", got scalar"},
    {"rate(\"a\")",
     "1:6: parse error: expected type range vector in call to function "
     "\"rate\", got string"},
    {"rate(foo[5m],)",
     "1:13: parse error: trailing commas not allowed in function call args"},
    {"rate(foo[5m],,)",
     "1:13: parse error: trailing commas not allowed in function call args"},
    {"rate(,)", "1:6: parse error: unexpected \",\""},
    {"rate(foo,)",
     "1:9: parse error: trailing commas not allowed in function call args"},
    {"time(1)",
     "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"},
    {"time(foo)",
     "1:1: parse error: expected 0 argument(s) in call to \"time\", got 1"},
    {"vector()",
     "1:1: parse error: expected 1 argument(s) in call to \"vector\", got 0"},
    {"vector(foo)",
     "1:8: parse error: expected type scalar in call to function \"vector\", "
     "got instant vector"},
    {"vector(\"a\")",
     "1:8: parse error: expected type scalar in call to function \"vector\", "
     "got string"},
    {"scalar(1)",
     "1:8: parse error: expected type instant vector in call to function "
     "\"scalar\", got scalar"},
    {"round()",
     "1:1: parse error: expected at least 1 argument(s) in call to \"round\", "
     "got 0"},
    {"round(foo, 1, 2)",
     "1:1: parse error: expected at most 2 argument(s) in call to \"round\", "
     "got 3"},
    {"round(foo, \"a\")",
     "1:12: parse error: expected type scalar in call to function \"round\", "
     "got string"},
    {"round(foo, bar)",
     "1:12: parse error: expected type scalar in call to function \"round\", "
     "got instant vector"},
    {"label_join(foo)",
     "1:1: parse error: expected at least 3 argument(s) in call to "
     "\"label_join\", got 1"},
    {"label_join(foo, \"a\", \",\", 1)",
     "1:27: parse error: expected type string in call to function "
     "\"label_join\", got scalar"},
    {"label_join(foo, \"a\", \",\", \"b\", 1)",
     "1:32: parse error: expected type string in call to function "
     "\"label_join\", got scalar"},
    {"label_replace(foo, \"a\", \"b\", \"c\")",
     "1:1: parse error: expected 5 argument(s) in call to \"label_replace\", "
     "got 4"},
    {"label_replace(foo, \"a\", \"b\", \"c\", 1)",
     "1:35: parse error: expected type string in call to function "
     "\"label_replace\", got scalar"},
    {"histogram_quantile(foo, 0.9)",
     "1:20: parse error: expected type scalar in call to function "
     "\"histogram_quantile\", got instant vector"},
    {"histogram_quantile(0.9)",
     "1:1: parse error: expected 2 argument(s) in call to "
     "\"histogram_quantile\", got 1"},
    {"clamp(foo, 1)",
     "1:1: parse error: expected 3 argument(s) in call to \"clamp\", got 2"},
    {"holt_winters(foo, 0.5, 0.5)",
     "1:14: parse error: expected type range vector in call to function "
     "\"holt_winters\", got instant vector"},
    {"predict_linear(foo[5m], \"a\")",
     "1:25: parse error: expected type scalar in call to function "
     "\"predict_linear\", got string"},
    {"day_of_month(foo, bar)",
     "1:1: parse error: expected at most 1 argument(s) in call to "
     "\"day_of_month\", got 2"},
    {"absent_over_time(foo)",
     "1:18: parse error: expected type range vector in call to function "
     "\"absent_over_time\", got instant vector"},
    {"foo:bar(x)", "1:8: parse error: unexpected \"(\""},
    {"sum:x(foo)", "1:6: parse error: unexpected \"(\""},
    {"foo[5m][5m]",
     "1:8: parse error: ranges only allowed for vector selectors"},
    {"foo[5m:][5m]",
     "1:9: parse error: ranges only allowed for vector selectors"},
    {"rate(foo[5m])[5m]",
     "1:14: parse error: ranges only allowed for vector selectors"},
    {"(foo)[5m]", "1:6: parse error: ranges only allowed for vector selectors"},
    {"1[5m]", "1:2: parse error: ranges only allowed for vector selectors"},
    {"\"a\"[5m]", "1:4: parse error: ranges only allowed for vector selectors"},
    {"foo[5m:][5m:]",
     "1:1: parse error: subquery is only allowed on instant vector, got matrix "
     "instead"},
    {"1[5m:]",
     "1:1: parse error: subquery is only allowed on instant vector, got scalar "
     "instead"},
    {"\"a\"[5m:]",
     "1:1: parse error: subquery is only allowed on instant vector, got string "
     "instead"},
    {"foo[5m][5m:]",
     "1:1: parse error: subquery is only allowed on instant vector, got matrix "
     "instead"},
    {"x[5m:][5m:1m]",
     "1:1: parse error: subquery is only allowed on instant vector, got matrix "
     "instead"},
    {"foo ~", "1:5: parse error: unexpected character: '~'"},
    {"foo !",
     "1:5: parse error: unexpected character after '!': '\xef\xbf\xbd'"},
    {"foo ! bar", "1:5: parse error: unexpected character after '!': ' '"},
    {"foo =~ bar", "1:5: parse error: unexpected character after '=': '~'"},
    {"foo != ~bar", "1:8: parse error: unexpected character: '~'"},
    {"foo = bar", "1:5: parse error: unexpected \"=\""},
    {"foo := bar", "1:5: parse error: unexpected metric identifier \":\""},
    {"foo; bar", "1:4: parse error: unexpected character: ';'"},
    {"foo \\ bar", "1:5: parse error: unexpected character: '\\\\'"},
    {"foo ? bar", "1:5: parse error: unexpected character: '?'"},
    {"foo $", "1:5: parse error: unexpected character: '$'"},
    {"foo \xc3\xa9", "1:5: parse error: unexpected character: '\xc3\xa9'"},
    {"\"unterminated", "1:1: parse error: unterminated quoted string"},
    {"'unterminated", "1:1: parse error: unterminated quoted string"},
    {"`unterminated", "1:1: parse error: unterminated raw string"},
    {"\"a", "1:1: parse error: unterminated quoted string"},
    {"b\"", "1:2: parse error: unterminated quoted string"},
    {"\"\\z\"", "1:1: parse error: unknown escape sequence U+007A 'z'"},
    {"\"\\q\"", "1:1: parse error: unknown escape sequence U+0071 'q'"},
    {"'\\\"'", "1:1: parse error: unknown escape sequence U+0022 '\"'"},
    {"\"\\'\"", "1:1: parse error: unknown escape sequence U+0027 '''"},
    {"\"\\x4\"",
     "1:1: parse error: illegal character U+0022 '\"' in escape sequence"},
    {"\"\\xZZ\"",
     "1:1: parse error: illegal character U+005A 'Z' in escape sequence"},
    {"\"\\400\"",
     "1:1: parse error: escape sequence is an invalid Unicode code point"},
    {"\"\\777\"",
     "1:1: parse error: escape sequence is an invalid Unicode code point"},
    {"\"\\u12\"",
     "1:1: parse error: illegal character U+0022 '\"' in escape sequence"},
    {"\"\\uD800\"",
     "1:1: parse error: escape sequence is an invalid Unicode code point"},
    {"\"\\U00110000\"",
     "1:1: parse error: escape sequence is an invalid Unicode code point"},
    {"\"\\", "1:1: parse error: escape sequence not terminated"},
    {"\"abc\\", "1:1: parse error: escape sequence not terminated"},
    {"1e",
     "1:1: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"1e\": invalid syntax"},
    {"1e+",
     "1:1: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"1e+\": invalid syntax"},
    {"0x",
     "1:1: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"0x\": invalid syntax"},
    {"0xg", "1:1: parse error: bad number or duration syntax: \"0x\""},
    {"1.2.3", "1:4: parse error: unexpected number \".3\""},
    {"1..2", "1:3: parse error: unexpected number \".2\""},
    {".", "1:1: parse error: unexpected character: '.'"},
    {"..5", "1:1: parse error: unexpected character: '.'"},
    {"1e400",
     "1:1: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"1e400\": value out of range"},
    {"0x1.8",
     "1:1: parse error: error parsing number: strconv.ParseFloat: parsing "
     "\"0x1.8\": invalid syntax"},
    {"0o17", "1:1: parse error: bad number or duration syntax: \"0\""},
    {"0b101", "1:1: parse error: bad number or duration syntax: \"0\""},
    {"1_000", "1:1: parse error: bad number or duration syntax: \"1\""},
    {"5m", "1:1: parse error: unexpected duration \"5m\""},
    {"1h30m", "1:1: parse error: unexpected duration \"1h30m\""},
    {"5m + 1", "1:1: parse error: unexpected duration \"5m\""},
    {"1ee5", "1:1: parse error: bad number or duration syntax: \"1e\""},
    {"1 2", "1:3: parse error: unexpected number \"2\""},
    {"1 foo", "1:3: parse error: unexpected identifier \"foo\""},
    {"\"a\" \"b\"", "1:5: parse error: unexpected string \"\\\"b\\\"\""},
    {"foo \"b\"", "1:5: parse error: unexpected string \"\\\"b\\\"\""},
    {"foo 1", "1:5: parse error: unexpected number \"1\""},
    {"foo{a=\"b\"} {c=\"d\"}", "1:12: parse error: unexpected \"{\""},
    {"foo{a=\"b\"} bar", "1:12: parse error: unexpected identifier \"bar\""},
    {"(foo) (bar)", "1:7: parse error: unexpected \"(\""},
    {"rate(foo[5m]) rate(foo[5m])",
     "1:15: parse error: unexpected identifier \"rate\""},
    {"foo offset 5m bar", "1:15: parse error: unexpected identifier \"bar\""},
    {"foo[5m] bar", "1:9: parse error: unexpected identifier \"bar\""},
    {",", "1:1: parse error: unexpected \",\""},
    {"foo,", "1:4: parse error: unexpected \",\""},
    {"foo, bar", "1:4: parse error: unexpected \",\""},
    {"foo =", "1:5: parse error: unexpected \"=\""},
    {"on(a)", "1:1: parse error: unexpected <on>"},
    {"by (a) sum(foo)", "1:4: parse error: unexpected \"(\""},
    {"sum(foo) sum(bar)", "1:10: parse error: unexpected <aggr:sum>"},
    {"start()", "1:6: parse error: unexpected \"(\""},
    {"end()", "1:4: parse error: unexpected \"(\""},
    {"start(foo)", "1:6: parse error: unexpected \"(\""},
    {"foo @ start() bar", "1:15: parse error: unexpected identifier \"bar\""},
    {"foo +\n\n  * bar", "3:3: parse error: unexpected <op:*>"},
    {"sum(\n  foo\n  bar)",
     "3:3: parse error: unexpected identifier \"bar\" in aggregation"},
    {"foo\n  offset 5m offset 1m",
     "1:1: parse error: offset may not be set multiple times"},
    {"\n\n 1 == 1",
     "3:4: parse error: comparisons between scalars must use BOOL modifier"},
    {"x\n\n{a=\"b\"}\n[5m:] y",
     "4:7: parse error: unexpected identifier \"y\""},
    {"1 +\n  bool 2",
     "1:3: parse error: bool modifier can only be used on comparison "
     "operators"},
};

TEST(ParserErrorTest, FailsLikePrometheus) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.input);
    auto parsed = ParseExpr(c.input);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(parsed.status().message(), c.error);
  }
}

}  // namespace
}  // namespace tocsin::promql
