#!/usr/bin/env python3
"""Regenerates tests/template/testdata/text_template_golden.jsonl.

Each case is a template text rendered by the real Alertmanager 0.25 (`amtool
template render`, Go 1.19's text/template with Alertmanager's functions and
missingkey=zero) on tests/template/testdata/alertmanager_data.json. The
golden file records Go's output or error message for every case; the
template tests check that tocsin renders the same bytes.

Usage: scripts/gen_template_golden.py   (needs amtool 0.25 on PATH)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TESTDATA = os.path.join(ROOT, "tests/template/testdata")
DATA = os.path.join(TESTDATA, "alertmanager_data.json")
# Every define of default.tmpl is rendered with each of these data files.
DEFAULT_DATA = ["alertmanager_data.json", "alertmanager_data_resolved.json"]
OUT = os.path.join(ROOT, "tests/template/testdata/text_template_golden.jsonl")
# Alertmanager's default templates; cases marked "default" load them.
DEFAULT_TMPL = os.path.join(
    ROOT, "../shared/reference/alertmanager-v0.25.0-default.tmpl")

# (name, template text, extra): extra names a file of CUSTOM_FILES that is
# loaded as custom.tmpl, or "default" to load Alertmanager's default.tmpl.
CASES = [
    # Text, actions, comments, trimming.
    ("text", "plain text", None),
    ("empty_action_text", "a{{/* comment */}}b", None),
    ("comment_trim", "a  {{- /* c */ -}}  b", None),
    ("trim_left", "a \n\t {{- \"x\" }} b", None),
    ("trim_right", "a {{ \"x\" -}} \n\n b", None),
    ("trim_both", "a \n {{- \"x\" -}} \n b", None),
    ("minus_number", "{{-3}}", None),
    ("minus_number_space", "{{- 3}}", None),
    ("newline_in_action", "{{ printf\n\"%d\"\n3 }}", None),
    # Literals.
    ("string_literal", "{{ \"a\\tb\\u00e9\\x41\" }}", None),
    ("raw_string", "{{ `a\\tb` }}", None),
    ("char_literal", "{{ 'a' }} {{ '\\n' }} {{ printf \"%c\" 'é' }}", None),
    ("int_literals", "{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }} {{ 017 }}", None),
    ("float_literals", "{{ 1.5 }} {{ 1e3 }} {{ .5 }} {{ 1.0 }} {{ 0x1p-2 }} {{ 1e21 }} {{ 123456789.0 }}", None),
    ("bool_literals", "{{ true }} {{ false }}", None),
    ("nil_command", "{{ nil }}", None),
    ("print_nil", "{{ print nil }}", None),
    # Fields, maps, methods.
    ("fields", "{{ .Receiver }} {{ .Status }} {{ .ExternalURL }}", None),
    ("map_key", "{{ .CommonLabels.job }} {{ .CommonLabels.severity }}", None),
    ("missing_map_key_zero", "[{{ .CommonLabels.nothere }}]", None),
    ("missing_field", "{{ .Nope }}", None),
    ("field_of_string", "{{ .Status.Foo }}", None),
    ("method_no_args", "{{ .CommonLabels.SortedPairs }}", None),
    ("method_chain", "{{ .CommonLabels.SortedPairs.Values }} {{ .CommonLabels.Names }}", None),
    ("method_with_arg", "{{ .CommonLabels.Remove (stringSlice \"job\") }}", None),
    ("method_pipeline_arg", "{{ stringSlice \"job\" \"severity\" | .CommonLabels.Remove }}", None),
    ("alerts_firing", "{{ range .Alerts.Firing }}{{ .Labels.instance }} {{ end }}", None),
    ("alerts_resolved_len", "{{ len .Alerts.Resolved }}", None),
    ("firing_of_firing", "{{ .Alerts.Firing.Firing }}", None),
    ("field_args", "{{ .Status 1 }}", None),
    ("map_key_args", "{{ .CommonLabels.job 1 }}", None),
    ("method_wrong_arg_count", "{{ .CommonLabels.Remove }}", None),
    ("method_wrong_arg_type", "{{ .CommonLabels.Remove \"job\" }}", None),
    ("time_field", "{{ (index .Alerts 0).StartsAt }}", None),
    ("time_format", "{{ (index .Alerts 0).StartsAt.Format \"2006-01-02T15:04:05Z07:00 Mon Jan 2 3:04PM .000\" }}", None),
    ("time_unix", "{{ (index .Alerts 0).StartsAt.Unix }} {{ (index .Alerts 1).EndsAt.UnixMilli }}", None),
    ("time_offset", "{{ (index .Alerts 1).StartsAt }} {{ (index .Alerts 1).StartsAt.UTC }}", None),
    ("zero_time", "{{ (index .Alerts 0).EndsAt }} {{ (index .Alerts 0).EndsAt.IsZero }}", None),
    ("time_sub", "{{ (index .Alerts 1).EndsAt.Sub (index .Alerts 0).StartsAt }}", None),
    ("print_data", "{{ . }}", None),
    ("print_alert", "{{ index .Alerts 0 }}", None),
    ("printf_plus_v", "{{ printf \"%+v\" (index .CommonLabels.SortedPairs 0) }}", None),
    # Variables.
    ("var_decl", "{{ $x := .Status }}{{ $x }}", None),
    ("var_assign", "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}", None),
    ("var_root", "{{ range .Alerts }}{{ $.Receiver }}{{ end }}", None),
    ("var_scope_if", "{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", None),
    ("var_assign_in_if", "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", None),
    ("var_undefined", "{{ $y }}", None),
    ("var_field", "{{ $a := index .Alerts 0 }}{{ $a.Labels.job }}", None),
    ("var_with_args", "{{ $x := 1 }}{{ $x 2 }}", None),
    # Control structures.
    ("if_else", "{{ if eq .Status \"firing\" }}F{{ else }}R{{ end }}", None),
    ("if_else_if", "{{ if eq 1 2 }}a{{ else if eq 1 1 }}b{{ else }}c{{ end }}", None),
    ("if_truth", "{{ if \"\" }}1{{ end }}{{ if 0 }}2{{ end }}{{ if 0.0 }}3{{ end }}{{ if .GroupLabels }}4{{ end }}{{ if .Alerts }}5{{ end }}{{ if (stringSlice) }}6{{ end }}{{ if . }}7{{ end }}", None),
    ("with_else", "{{ with .CommonLabels.nothere }}x{{ else }}empty{{ end }} {{ with .Status }}{{ . }}{{ end }}", None),
    ("range_list", "{{ range $i, $a := .Alerts }}{{ $i }}={{ $a.Status }};{{ end }}", None),
    ("range_map_sorted", "{{ range $k, $v := (index .Alerts 0).Labels }}{{ $k }}={{ $v }},{{ end }}", None),
    ("range_map_one_var", "{{ range $v := .CommonLabels }}{{ $v }},{{ end }}", None),
    ("range_else", "{{ range .Alerts.Resolved.Nope }}x{{ else }}none{{ end }}", None),
    ("range_empty_else", "{{ range (stringSlice) }}x{{ else }}none{{ end }}", None),
    ("range_break", "{{ range $i, $a := .Alerts }}{{ if eq $i 1 }}{{ break }}{{ end }}{{ $i }}{{ end }}", None),
    ("range_continue", "{{ range $i, $a := .Alerts }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $i }}{{ end }}", None),
    ("range_dot", "{{ range .CommonLabels.SortedPairs }}{{ .Name }}:{{ .Value }} {{ end }}", None),
    ("range_int", "{{ range 3 }}x{{ end }}", None),
    ("range_string", "{{ range \"ab\" }}x{{ end }}", None),
    ("range_assign", "{{ $v := 0 }}{{ range $v = .Alerts }}{{ end }}{{ $v.Status }}", None),
    ("nested_range", "{{ range .Alerts }}[{{ range .Labels.SortedPairs }}{{ .Name }}{{ end }}]{{ end }}", None),
    # define / template / block.
    ("define_template", "{{ define \"x\" }}X{{ . }}{{ end }}{{ template \"x\" .Status }}", None),
    ("template_no_data", "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" }}", None),
    ("template_undefined", "{{ template \"nope\" }}", None),
    ("block", "{{ block \"b\" .Receiver }}<{{ . }}>{{ end }}", None),
    ("template_from_file", "{{ template \"custom.title\" . }}", "custom"),
    ("template_var_scope", "{{ define \"v\" }}{{ $ }}{{ end }}{{ $x := 1 }}{{ template \"v\" .Status }}", None),
    ("default_subject", "{{ template \"__subject\" . }}", "default"),
    ("default_slack_title", "{{ template \"slack.default.title\" . }}", "default"),
    ("default_text_alert_list", "{{ template \"__text_alert_list\" .Alerts }}", "default"),
    ("redefine_default", "{{ define \"__alertmanager\" }}Mine{{ end }}{{ template \"slack.default.username\" . }}", "default"),
    # Pipelines and parentheses.
    ("pipeline", "{{ .Status | toUpper | printf \"%s!\" }}", None),
    ("paren", "{{ (printf \"%d\" (len .Alerts)) }}", None),
    ("paren_chain", "{{ (index .Alerts 0).Labels.instance }}", None),
    ("pipeline_final_arg", "{{ \"a\" | printf \"%s-%s\" \"b\" }}", None),
    ("non_function_arg", "{{ .Status | .Receiver }}", None),
    ("literal_in_pipeline", "{{ \"a\" | \"b\" }}", None),
    # Builtins.
    ("and_or", "{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" }} {{ or 0 \"x\" 1 }} {{ and }}", None),
    ("and_short_circuit", "{{ and false (index .Alerts 9) }} {{ or true (index .Alerts 9) }}", None),
    ("not", "{{ not 0 }} {{ not \"x\" }} {{ not .Alerts }}", None),
    ("len", "{{ len \"héllo\" }} {{ len .Alerts }} {{ len .CommonLabels }}", None),
    ("len_bad", "{{ len 3 }}", None),
    ("len_nil", "{{ len nil }}", None),
    ("index_list_map", "{{ index .Alerts 1 | printf \"%v\" | len }} {{ index .CommonLabels \"job\" }} [{{ index .CommonLabels \"nope\" }}]", None),
    ("index_nested", "{{ index (index .Alerts 0).Labels \"instance\" }}", None),
    ("index_out_of_range", "{{ index .Alerts 5 }}", None),
    ("index_at_len", "{{ index .Alerts 2 }}", None),
    ("index_string", "{{ index \"abc\" 1 }}", None),
    ("index_bad_type", "{{ index .Alerts \"x\" }}", None),
    ("index_of_int", "{{ index 3 1 }}", None),
    ("slice", "{{ slice \"hello\" 1 3 }} {{ slice \"hello\" 2 }} {{ slice (stringSlice \"a\" \"b\" \"c\") 1 }}", None),
    ("slice_bad", "{{ slice \"hello\" 3 1 }}", None),
    ("print", "{{ print 1 2 \"a\" \"b\" 3 true nil }}", None),
    ("println", "{{ println 1 \"a\" 2 }}", None),
    ("html", "{{ html \"<a href='x'>&\\\"\" }} {{ html 1 2 }} {{ html .CommonLabels.nothere }}", None),
    ("js", "{{ js \"<script>alert('x' + \\\"y\\\")</script>\\n=&\" }}", None),
    ("urlquery", "{{ urlquery \"a b&c=d/é?\" }} {{ .Receiver | urlquery }}", None),
    ("eq_multi", "{{ eq .Status \"resolved\" \"firing\" }} {{ eq 1 2 3 }}", None),
    ("ne_lt_le_gt_ge", "{{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1.5 2.5 }}", None),
    ("eq_int_float", "{{ eq 1 1.0 }}", None),
    ("lt_bool", "{{ lt true false }}", None),
    ("lt_string_int", "{{ lt \"a\" 1 }}", None),
    ("eq_missing_arg", "{{ eq 1 }}", None),
    ("eq_nil", "{{ eq .CommonLabels.nothere \"\" }}", None),
    ("call_non_function", "{{ call .Status }}", None),
    ("undefined_function", "{{ nope 1 }}", None),
    ("wrong_arg_count", "{{ toUpper \"a\" \"b\" }}", None),
    ("wrong_arg_type_literal", "{{ toUpper 1 }}", None),
    ("wrong_arg_type_value", "{{ toUpper .Alerts }}", None),
    ("variadic_too_few", "{{ printf }}", None),
    # Alertmanager functions.
    ("toUpper_toLower", "{{ toUpper \"abc é ß\" }} {{ toLower \"ÀBC\" }}", None),
    ("title", "{{ title \"foo_bar foo-bar foo.bar a..b o'neil HELLO wORLD instance:9090 x,y 1abc\" }}", None),
    ("join", "{{ join \", \" .CommonLabels.Values }} {{ .GroupLabels.Names | join \"+\" }}", None),
    ("match", "{{ match \"^api\" .CommonLabels.job }} {{ match \"^x\" \"abc\" }} {{ match \"b\" \"abc\" }}", None),
    ("match_bad_regexp", "{{ match \"(\" \"abc\" }}", None),
    ("reReplaceAll", "{{ reReplaceAll \"(.*):(\\\\d+)\" \"$2:${1}x $1x $$\" \"foo.bar:1234\" }}", None),
    ("reReplaceAll_empty_matches", "{{ reReplaceAll \"a*\" \"-\" \"baaac\" }} {{ reReplaceAll \"\" \"-\" \"héllo\" }}", None),
    ("reReplaceAll_named", "{{ reReplaceAll \"(?P<host>[^:]+):(?P<port>\\\\d+)\" \"${port}@${host}\" \"h:80\" }}", None),
    ("reReplaceAll_bad", "{{ reReplaceAll \"[\" \"x\" \"abc\" }}", None),
    ("safeHtml", "{{ safeHtml \"<b>x</b>\" }}", None),
    ("unicode_case", "{{ title \"ǆungla ßig ﬁne aİb\" }} {{ toUpper \"ǆ ß ﬁ ǈ\" }} {{ toLower \"ǅ İ Σ\" }}", None),
    ("reReplaceAll_expansion", "{{ reReplaceAll \"(a)(b)?\" \"[$1|$2|$3|${1}x|$1x|$$|$\" \"ab a\" }}|{{ reReplaceAll \"x*\" \"-\" \"abc\" }}|{{ reReplaceAll \"(?m)^\" \">\" \"a\\nb\" }}|{{ reReplaceAll \"\\\\b\" \"|\" \"ab cd\" }}", None),
    ("regexp_err_repeat", "{{ match \"a{2,1}\" \"x\" }}", None),
    ("regexp_err_escape", "{{ match \"\\\\8\" \"x\" }}", None),
    ("regexp_err_nested", "{{ match \"a**\" \"x\" }}", None),
    ("regexp_err_range", "{{ match \"[z-a]\" \"x\" }}", None),
    ("regexp_err_named", "{{ match \"(?P<>x)\" \"x\" }}", None),
    ("regexp_err_paren", "{{ match \"x)\" \"x\" }}", None),
    ("regexp_err_class", "{{ match \"[[:foo:]]\" \"x\" }}", None),
    ("regexp_case_insensitive", "{{ match \"(?i)ABC\" \"xabcx\" }}", None),
    ("stringSlice", "{{ stringSlice \"a\" \"b\" }} {{ stringSlice }}", None),
    # printf verbs.
    ("printf_basic", "{{ printf \"%s|%d|%v|%t|%q|%%\" \"s\" 42 1.5 true \"q\\\"\" }}", None),
    ("printf_width", "{{ printf \"[%5s][%-5s][%05d][%-5d][%+d][% d][%x][%X][%#x][%o][%#o][%b]\" \"ab\" \"ab\" 42 42 42 42 255 255 255 8 8 5 }}", None),
    ("printf_float", "{{ printf \"%f|%.2f|%5.1f|%e|%E|%g|%G|%.3g|%10.3e|%-10.2f|%+.1f|%08.3f\" 3.14159 3.14159 3.14159 1234.5678 1234.5678 0.000012345 1e21 1234.5678 1234.5678 3.14159 2.0 -3.14159 }}", None),
    ("printf_v_float", "{{ printf \"%v %v %v %v %v %v %v %v\" 1.0 0.1 1e6 1e-5 123456.0 1234567.0 16.666666666666668 100000000000000000000.0 }}", None),
    ("printf_special_floats", "{{ printf \"%v %.2f %5.1f %e\" 0.0 -0.0001 -0.05 0.0 }}", None),
    ("printf_g_precision", "{{ printf \"%.4g %.4g %.4g %.4g %.4g %.1g %.0g\" 1234567.0 100000.0 0.0001234 1.0 99.995 0.05 7.5 }}", None),
    ("printf_int_verbs", "{{ printf \"%c %q %U %#U %x %X %08b\" 65 66 0x1F600 0x1F600 -255 3054 5 }}", None),
    ("printf_string_verbs", "{{ printf \"%x %X % x %#x %.2s %5.1s %q %+q %#q\" \"hi\" \"hi\" \"hi\" \"hi\" \"hello\" \"hello\" \"é\\n\" \"é\" \"a`b\" }}", None),
    ("printf_bad_verb", "{{ printf \"%d %s %t\" \"x\" 1 \"y\" }}", None),
    ("printf_missing", "{{ printf \"%s %d\" \"a\" }}", None),
    ("printf_extra", "{{ printf \"%s\" \"a\" 1 2.5 \"b\" nil }}", None),
    ("printf_noverb", "{{ printf \"abc%\" }}", None),
    ("printf_star", "{{ printf \"[%*d][%-*d][%.*f]\" 5 42 5 42 2 3.14159 }}", None),
    ("printf_bad_width", "{{ printf \"%*d\" \"x\" 42 }}", None),
    ("printf_index", "{{ printf \"%[2]s %[1]s %[3]d\" \"a\" \"b\" 1 }}", None),
    ("printf_bad_index", "{{ printf \"%[5]s\" \"a\" }}", None),
    ("printf_v_composite", "{{ printf \"%v|%+v|%d\" .CommonLabels (index .CommonLabels.SortedPairs 0) (stringSlice \"a\") }}", None),
    ("printf_T", "{{ printf \"%T %T %T %T %T %T\" 1 1.5 \"s\" .CommonLabels .Alerts nil }}", None),
    ("printf_nil_verbs", "{{ printf \"%d %v %s\" nil nil nil }}", None),
    ("printf_pointer_data", "{{ printf \"%v\" .Receiver }}", None),
    ("printf_stringer", "{{ printf \"%s|%q|%v\" (index .Alerts 0).StartsAt (index .Alerts 0).StartsAt (index .Alerts 0).StartsAt.Month }}", None),
    ("printf_sharp_float", "{{ printf \"%#g %#.3g %#f %#v\" 1.0 1.0 1.0 1.0 }}", None),
    ("printf_unicode_width", "{{ printf \"[%5s][%-4s]\" \"é\" \"日本\" }}", None),
    # Parse errors.
    ("err_unclosed_action", "{{ .Status ", None),
    ("err_unclosed_action_newline", "{{ .Status \n\n", None),
    ("err_unexpected_eof", "{{ if .Status }}x", None),
    ("err_unexpected_end", "{{ end }}", None),
    ("err_unexpected_else", "x{{ else }}", None),
    ("err_missing_value_if", "{{ if }}{{ end }}", None),
    ("err_bad_number", "{{ 3a }}", None),
    ("err_unterminated_string", "{{ \"abc }}", None),
    ("err_unterminated_raw", "{{ `abc }}", None),
    ("err_unterminated_char", "{{ 'a }}", None),
    ("err_bad_char", "{{ .Status# }}", None),
    ("err_unrecognized_char", "{{ # }}", None),
    ("err_unclosed_paren", "{{ (.Status }}", None),
    ("err_unexpected_rparen", "{{ .Status) }}", None),
    ("err_undefined_function", "{{ nope }}", None),
    ("err_undefined_variable", "{{ $nope }}", None),
    ("err_too_many_decls", "{{ $a, $b := 1 }}", None),
    ("err_range_decls", "{{ range $a, $b, $c := .Alerts }}{{ end }}", None),
    ("err_unclosed_comment", "{{/* abc }}", None),
    ("err_comment_no_delim", "{{/* abc */ x }}", None),
    ("err_define_no_name", "{{ define }}{{ end }}", None),
    ("err_multiple_define", "{{ define \"a\" }}1{{ end }}{{ define \"a\" }}2{{ end }}", None),
    ("err_break_outside_range", "{{ break }}", None),
    ("err_continue_outside_range", "{{ if true }}{{ continue }}{{ end }}", None),
    ("err_else_with", "{{ with 1 }}{{ else with 2 }}{{ end }}", None),
    ("err_else_if_in_range", "{{ range .Alerts }}{{ else if true }}{{ end }}", None),
    ("err_expected_end", "{{ if 1 }}{{ else }}{{ else }}{{ end }}", None),
    ("err_non_executable", "{{ .Status | 3 }}", None),
    ("err_empty_command", "{{ .Status | }}", None),
    ("err_dot_after_literal", "{{ \"a\".x }}", None),
    ("err_template_name", "{{ template .Status }}", None),
    ("err_long_token", "{{ .Status \"a very long string literal\" | }}", None),
    ("err_bad_escape", "{{ \"\\q\" }}", None),
    ("err_error_on_later_line", "a\nb\n{{ if }}", None),
    ("err_unclosed_multiline", "{{ if\n .Status", None),
    ("err_integer_overflow", "{{ 99999999999999999999 }}", None),
    ("err_octal_overflow", "{{ 089 }}", None),
    ("err_in_file", "{{ template \"custom.bad\" . }}", "bad"),
    # Execution error positions.
    ("exec_err_position", "line1\n  {{ .Status }} {{ index .Alerts 7 }}", None),
    ("exec_err_in_define", "{{ define \"d\" }}\n {{ .Nope }}{{ end }}{{ template \"d\" . }}", None),
    ("exec_err_chain_position", "{{ .CommonLabels.SortedPairs.Nope }}", None),
    ("exec_err_long_context", "{{ printf \"%s %s %s %s %s %s\" .Status .Status .Status .Status .Status .Nope }}", None),
    ("exec_err_nil_pointer_arg", "{{ toUpper nil }}", None),
    ("exec_err_can_not_handle", "{{ .CommonLabels.Remove nil }}", None),
]

# Cases rendered as Alertmanager renders email bodies: html/template's
# contextual escaping (amtool --template.type=html).
HTML_CASES = [
    ("html_text", "<p>{{ \"<b>x</b> & 'q' +\" }} {{ .Receiver }}</p>"),
    ("html_attr_quoted", "<p title=\"{{ .Receiver }}<&>{{ \"a\\\"b'c\" }}\">x</p>"),
    ("html_attr_single", "<p title='{{ \"a'b\" }}'>x</p>"),
    ("html_attr_unquoted", "<p title={{ \"a b=c\" }}>x</p>"),
    ("html_url_attr", "<a href=\"{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver | urlquery }}&x={{ \"a b\" }}\">{{ safeHtml \"<i>ok</i>\" }}</a>"),
    ("html_url_filter", "<a href=\"javascript:{{ \"alert(1)\" }}\">x</a><a href={{ \"http://x?a=b c\" }}>y</a><img src=\"{{ \"javascript:x\" }}\">"),
    ("html_url_path", "<a href=\"/x/{{ \"a b/c?d#e\" }}\">x</a><a href=\"{{ \"/p?q=1&r=é\" }}\">y</a>"),
    ("html_title_rcdata", "<title>{{ \"<x>\" }} {{ safeHtml \"<b>&amp;</b>\" }}</title>"),
    ("html_comment_removed", "a<!-- comment {{ .Status }} -->b < c <!DOCTYPE html>"),
    ("html_script", "<script>var x = {{ .Receiver }}; var y = \"{{ \"a\\\"b</script>\" }}\"; var z = {{ 1.5 }};</script>"),
    ("html_script_json", "<script>var o = {{ .CommonLabels }}; var l = {{ .CommonLabels.Names }}; var n = {{ 1e21 }}; var m = {{ 0.000001 }}; var t = {{ true }};</script>"),
    ("html_script_regexp", "<script>var r = /{{ \"a.b$(x)\" }}/; var s = '{{ \"it's\" }}';</script>"),
    ("html_script_bq", "<script>var t = `{{ .Receiver }}`;</script>"),
    ("html_event_style", "<a onclick=\"f({{ \"x\" }})\" style=\"color: {{ \"red\" }}\">{{ .CommonLabels.job }}</a>"),
    ("html_style_url", "<div style=\"background: url({{ \"http://x/y.png?a b\" }})\">x</div>"),
    ("html_style_element", "<style>p { color: {{ \"red\" }}; } a { font: '{{ \"a\\\"b\" }}' }</style>"),
    ("html_attr_name", "<p {{ \"class\" }}=\"x\" data-url=\"{{ \"x?y\" }}\">y</p>"),
    ("html_bad_attr_name", "<p {{ \"onclick\" }}=\"x\">y</p>"),
    ("html_missing_value", "<p>[{{ .CommonLabels.nope }}]</p>"),
    ("html_predefined_escapers", "<p>{{ .Receiver | html }} <a href=\"/?q={{ \"a&b\" | urlquery }}\">{{ html \"<x>\" 1 }}</a></p>"),
    ("html_predefined_not_last", "<p>{{ html .Receiver | printf \"%s\" }}</p>"),
    ("html_branch_same_context", "{{ if .Status }}<b>{{ else }}<i>{{ end }}x"),
    ("html_branch_different_context", "<a href=\"{{ if .Status }}http://a{{ else }}/b?{{ end }}{{ .Receiver }}\">x</a>"),
    ("html_ends_in_tag", "<p title=\"{{ .Status }}"),
    ("html_range", "<ul>{{ range .Alerts }}<li title=\"{{ .Labels.instance }}\">{{ .Annotations.summary }}</li>{{ end }}</ul>"),
    ("html_template_call_contexts", "{{ define \"v\" }}{{ .Receiver }}<&>{{ end }}<title>{{ template \"v\" . }}</title><p title=\"{{ template \"v\" . }}\">{{ template \"v\" . }}</p>"),
    ("html_email_like", "<html><head><title>{{ .Status | toUpper }}</title></head><body><table>{{ range .Alerts.Firing }}<tr><td><strong>Labels</strong><br>{{ range .Labels.SortedPairs }}{{ .Name }} = {{ .Value }}<br>{{ end }}<a href=\"{{ .GeneratorURL }}\">Source</a></td></tr>{{ end }}</table><a href=\"{{ .ExternalURL }}\">Sent by Alertmanager</a></body></html>"),
    ("html_exec_error", "<p>{{ .Nope }}</p>"),
]

CUSTOM_FILES = {
    "custom": '{{ define "custom.title" }}[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }}{{ end }}\n',
    "bad": '{{ define "custom.bad" }}\n{{ if }}\n{{ end }}\n',
}


def render(text, extra, data=DATA, kind="text"):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "custom.tmpl"), "w") as f:
            f.write(CUSTOM_FILES.get(extra, ""))
        if extra == "default":
            with open(DEFAULT_TMPL) as src, open(
                    os.path.join(d, "default.tmpl"), "w") as dst:
                dst.write(src.read())
        proc = subprocess.run(
            ["amtool", "template", "render",
             "--template.glob=" + os.path.join(d, "*.tmpl"),
             "--template.data=" + data, "--template.text=" + text,
             "--template.type=" + kind],
            capture_output=True, text=True)
    if proc.returncode == 0:
        return {"output": proc.stdout}
    err = proc.stderr.strip()
    prefix = "amtool: error: "
    if err.startswith(prefix):
        err = err[len(prefix):]
    return {"error": err}


def main():
    with open(OUT, "w") as out:
        for name, text, extra in CASES:
            rec = {"name": name, "template": text}
            if extra == "default":
                rec["needs_default"] = True
            elif extra:
                rec["file"] = CUSTOM_FILES[extra]
            rec.update(render(text, extra))
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n = len(CASES)
        for name, text in HTML_CASES:
            rec = {"name": name, "template": text, "html": True}
            rec.update(render(text, None, kind="html"))
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        for name in DefaultTemplateNames():
            for data in DEFAULT_DATA:
                text = '{{ template "%s" . }}' % name
                rec = {"name": "default_tmpl_%s_%s" % (
                           re.sub(r"\W", "_", name), data.split(".")[0]),
                       "template": text, "needs_default": True,
                       "data": data}
                rec.update(render(text, "default", os.path.join(TESTDATA, data)))
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    print("wrote", n, "cases to", OUT, file=sys.stderr)


def DefaultTemplateNames():
    with open(DEFAULT_TMPL) as f:
        return re.findall(r'{{ define "([^"]+)" }}', f.read())


if __name__ == "__main__":
    main()
