#!/usr/bin/env python3
"""Unit tests of compare.py: each kind of difference is found, and equal
answers (in any series order) are not reported."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402


def answer(body, http=200):
    return compare.Answer(http, body, json.dumps(body))


def vector(*samples, t=100):
    return {"status": "success", "data": {"resultType": "vector", "result": [
        {"metric": m, "value": [t, v]} for m, v in samples]}}


def matrix(*series):
    return {"status": "success", "data": {"resultType": "matrix", "result": [
        {"metric": m, "values": pts} for m, pts in series]}}


def scalar(v, t=100):
    return {"status": "success", "data": {"resultType": "scalar", "result": [t, v]}}


def error(kind, msg):
    return {"status": "error", "errorType": kind, "error": msg}


A = {"__name__": "up", "job": "a"}
B = {"__name__": "up", "job": "b"}
C = {"__name__": "up", "job": "c"}


class CompareTest(unittest.TestCase):
    CASES = [
        # (name, reference, candidate, expr, kind, expected categories)
        ("equal vectors in any order", vector((A, "1"), (B, "2")),
         vector((B, "2"), (A, "1")), "up", "instant", []),
        ("value within tolerance", vector((A, "1")), vector((A, "1.0000000000001")),
         "up", "instant", []),
        ("value differs", vector((A, "1")), vector((A, "1.001")), "up", "instant",
         ["value"]),
        ("NaN equals NaN", vector((A, "NaN")), vector((A, "NaN")), "up", "instant", []),
        ("NaN against number", vector((A, "NaN")), vector((A, "0")), "up", "instant",
         ["value"]),
        ("infinities by sign", vector((A, "+Inf")), vector((A, "-Inf")), "up",
         "instant", ["value"]),
        ("negative zero is written differently", vector((A, "-0")), vector((A, "0")),
         "up", "instant", ["value format"]),
        ("missing series", vector((A, "1"), (B, "1")), vector((A, "1")), "up",
         "instant", ["labels"]),
        ("extra series", vector((A, "1")), vector((A, "1"), (C, "1")), "up",
         "instant", ["labels"]),
        ("duplicate series", vector((A, "1")), vector((A, "1"), (A, "1")), "up",
         "instant", ["duplicate series"]),
        ("timestamp", vector((A, "1"), t=100), vector((A, "1"), t=100.001), "up",
         "instant", ["timestamp"]),
        ("status", vector((A, "1")), error("execution", "boom"), "up", "instant",
         ["status"]),
        ("error type", error("bad_data", "x"), error("execution", "x"), "up",
         "instant", ["errorType"]),
        ("error message", error("bad_data", "1:3: parse error: a"),
         error("bad_data", "1:3: parse error: b"), "up", "instant", ["error message"]),
        ("result type", scalar("1"), vector(({}, "1")), "1", "instant", ["resultType"]),
        ("scalar value", scalar("1"), scalar("2"), "1", "instant", ["value"]),
        ("matrix points", matrix((A, [[1, "1"], [2, "2"]])),
         matrix((A, [[1, "1"]])), "up", "range", ["points"]),
        ("matrix value", matrix((A, [[1, "1"], [2, "2"]])),
         matrix((A, [[1, "1"], [2, "3"]])), "up", "range", ["value"]),
        ("range result order", matrix((A, [[1, "1"]]), (B, [[1, "1"]])),
         matrix((B, [[1, "1"]]), (A, [[1, "1"]])), "up", "range", ["order"]),
        ("sort order", vector((A, "1"), (B, "2")), vector((B, "2"), (A, "1")),
         "sort(up)", "instant", ["order"]),
        ("sort ties may permute", vector((A, "1"), (B, "1")), vector((B, "1"), (A, "1")),
         "sort(up)", "instant", []),
        ("topk order", vector((B, "2"), (A, "1")), vector((A, "1"), (B, "2")),
         "topk(2, up)", "instant", ["order"]),
        ("topk order inside groups only",
         vector(({"job": "a", "i": "1"}, "2"), ({"job": "a", "i": "2"}, "1"),
                ({"job": "b", "i": "1"}, "5")),
         vector(({"job": "b", "i": "1"}, "5"), ({"job": "a", "i": "1"}, "2"),
                ({"job": "a", "i": "2"}, "1")),
         "topk by (job) (2, x)", "instant", []),
        ("unordered instant vector", vector((A, "1"), (B, "2")),
         vector((B, "2"), (A, "1")), "up + 1", "instant", []),
        ("invalid json", vector((A, "1")), None, "up", "instant", ["invalid response"]),
    ]

    def test_cases(self):
        for name, ref, cand, expr, kind, want in self.CASES:
            with self.subTest(name):
                got = compare.compare(answer(ref), answer(cand) if cand else
                                      compare.Answer(200, None, "garbage"), expr, kind)
                self.assertEqual(sorted({c for c, _ in got}), sorted(want), got)

    def test_many_to_many_group_is_not_compared(self):
        msg = ('found duplicate series for the match group {job="%s"} on the right '
               'hand-side of the operation: [{a="1", job="%s"}, {a="2", job="%s"}];'
               'many-to-many matching not allowed: matching labels must be unique on one side')
        ref = answer(error("execution", msg % ("x", "x", "x")), 422)
        same = answer(error("execution", msg % ("y", "y", "y")), 422)
        self.assertEqual(compare.compare(ref, same, "a + on (job) b", "instant"), [])
        other_side = answer(error("execution", (msg % ("x", "x", "x")).replace("right", "left")), 422)
        self.assertEqual([c for c, _ in compare.compare(ref, other_side, "e", "instant")],
                         ["error message"])

    def test_http_status(self):
        got = compare.compare(answer(error("bad_data", "x"), 400),
                              answer(error("bad_data", "x"), 422), "up", "instant")
        self.assertEqual([c for c, _ in got], ["http status"])

    def test_outer_operation(self):
        self.assertEqual(compare.outer_operation("sort(up)"), ("sort", None, []))
        self.assertEqual(compare.outer_operation(" ((topk by (a, b) (3, x))) "),
                         ("topk", "by", ["a", "b"]))
        self.assertEqual(compare.outer_operation('topk(3, x{a=")"}) without (c)'),
                         ("topk", "without", ["c"]))
        self.assertIsNone(compare.outer_operation("sort(up) + 1"))
        self.assertIsNone(compare.outer_operation("(up)"))


if __name__ == "__main__":
    unittest.main()
