"""Checks score.py on hand-made judge logs. Run: python3 -m unittest bench/judges/test_score.py"""
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402

SCORE_PY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "score.py")
T0 = 1764442000.0


def log(*rows):
    """rows of (seconds after T0, status, label) -> log text as a judge writes it"""
    return "".join(f"{T0 + dt:.3f} {status} {label}\n" for dt, status, label in rows)


def run(text, *args):
    entries, bad = score.parse_log(io.StringIO(text))
    return {s.label: s.as_dict() for s in score.score(entries, *args)}, bad


class LeakyBucket(unittest.TestCase):
    def test_perfectly_spaced_nginx_run_scores_one(self):
        text = log(*[(i * 0.2, 200, "a") for i in range(10)])
        got, _ = run(text, "nginx", 300)
        self.assertEqual(got["a"]["requests"], 10)
        self.assertEqual(got["a"]["ok"], 10)
        self.assertAlmostEqual(got["a"]["span_s"], 1.8)
        self.assertAlmostEqual(got["a"]["best_s"], 1.8)
        self.assertAlmostEqual(got["a"]["ratio"], 1.0)

    def test_429_lines_count_as_requests_not_as_admitted(self):
        # a burst of 4 at t=0: one admitted, three refused; then admitted every 0.25 s
        rows = [(0.0, 200, "b"), (0.001, 429, "b"), (0.002, 429, "b"), (0.003, 429, "b")]
        rows += [(0.25 * i, 200, "b") for i in range(1, 5)]
        got, _ = run(log(*rows), "nginx", 300)
        b = got["b"]
        self.assertEqual((b["requests"], b["ok"], b["rate_limited"], b["other"]), (8, 5, 3, 0))
        self.assertAlmostEqual(b["span_s"], 1.0)
        self.assertAlmostEqual(b["best_s"], 0.8)  # (5 - 1) x 60 / 300
        self.assertAlmostEqual(b["ratio"], 1.25)

    def test_nginx_spacing_follows_its_integer_rate(self):
        # rate=7r/m is kept as 116 per 1000 s: two admitted requests need 8621 ms, not 8571.4
        self.assertAlmostEqual(score.nginx_spacing_s(7), 8.621)
        self.assertAlmostEqual(score.nginx_spacing_s(300), 0.2)
        self.assertAlmostEqual(score.nginx_spacing_s(60), 1.0)
        got, _ = run(log((0, 200, "c"), (9, 200, "c"), (18, 200, "c")), "nginx", 7)
        self.assertAlmostEqual(got["c"]["best_s"], 17.242)

    def test_haproxy_uses_the_plain_rate_and_ignores_its_window(self):
        rows = [(0.1 * i, 200, "h") for i in range(5)] + [(0.5, 429, "h")]
        got, _ = run(log(*rows), "haproxy", 300, 1)
        self.assertAlmostEqual(got["h"]["best_s"], 0.8)
        self.assertAlmostEqual(got["h"]["span_s"], 0.5)
        self.assertAlmostEqual(got["h"]["ratio"], 0.625)  # a burst the client could not know of


class FixedWindow(unittest.TestCase):
    def test_greedy_schedule_from_the_first_arrival(self):
        # q = 5 per 1 s: 12 admitted need windows starting at 0, 1 and 2 s -> best 2 s
        rows = [(0.0 + 0.01 * i, 200, "f") for i in range(5)]
        rows += [(0.05, 429, "f"), (0.06, 429, "f")]
        rows += [(1.0 + 0.01 * i, 200, "f") for i in range(5)]
        rows += [(2.5, 200, "f"), (2.51, 200, "f")]
        for kind in ("fixed-ietf", "fixed-xrl"):
            got, _ = run(log(*rows), kind, 300, 1)
            f = got["f"]
            self.assertEqual((f["requests"], f["ok"], f["rate_limited"]), (14, 12, 2))
            self.assertAlmostEqual(f["best_s"], 2.0)
            self.assertAlmostEqual(f["span_s"], 2.51)
            self.assertAlmostEqual(f["ratio"], 1.255)

    def test_exact_multiple_of_q_needs_one_window_less(self):
        for ok, best in ((1, 0), (5, 0), (6, 1), (10, 1), (11, 2), (100, 19)):
            self.assertEqual(score.best_span("fixed-ietf", 300, 1, ok), best, ok)

    def test_whole_run_inside_one_announced_window_has_no_ratio(self):
        # --window 60 --rpm 300: q = 300, so 100 admitted requests fit in the first window
        rows = [(0.005 * i, 200, "w") for i in range(100)]
        got, _ = run(log(*rows), "fixed-xrl", 300, 60)
        self.assertEqual(got["w"]["best_s"], 0.0)
        self.assertIsNone(got["w"]["ratio"])
        self.assertAlmostEqual(got["w"]["span_s"], 0.495)

    def test_q_must_be_a_whole_number(self):
        with self.assertRaises(score.UsageError) as e:
            score.score([], "fixed-ietf", 100, 1)
        self.assertIn("multiple of 3 s", str(e.exception))
        score.score([], "nginx", 100, 1)  # nginx has no window: any rpm


class SeveralLabels(unittest.TestCase):
    TEXT = log((0.0, 200, "one"), (0.1, 200, "two"), (0.2, 429, "one"), (0.25, 200, "one"),
               (0.3, 503, "two"), (0.4, 200, "-"), (0.45, 200, "two"), (0.5, 200, "one"))

    def test_each_label_is_scored_alone_in_order_of_first_arrival(self):
        entries, bad = score.parse_log(io.StringIO(self.TEXT + "garbage\n\n"))
        self.assertEqual(bad, 1)
        scores = score.score(entries, "nginx", 300)
        self.assertEqual([s.label for s in scores], ["one", "two", "-"])
        one, two, unlabelled = (s.as_dict() for s in scores)
        self.assertEqual((one["requests"], one["ok"], one["rate_limited"]), (4, 3, 1))
        self.assertAlmostEqual(one["span_s"], 0.5)
        self.assertAlmostEqual(one["best_s"], 0.4)
        self.assertEqual((two["requests"], two["ok"], two["other"]), (3, 2, 1))
        self.assertAlmostEqual(two["span_s"], 0.35)
        self.assertAlmostEqual(two["best_s"], 0.2)
        self.assertEqual((unlabelled["requests"], unlabelled["span_s"], unlabelled["best_s"]), (1, 0.0, 0.0))
        self.assertIsNone(unlabelled["ratio"])

    def test_out_of_order_lines(self):
        text = log((0.4, 200, "z"), (0.0, 200, "z"), (0.2, 200, "z"))
        got, _ = run(text, "nginx", 300)
        self.assertAlmostEqual(got["z"]["span_s"], 0.4)
        self.assertAlmostEqual(got["z"]["ratio"], 1.0)


class CommandLine(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp(suffix=".log")
        with os.fdopen(fd, "w") as f:
            f.write(SeveralLabels.TEXT)

    def tearDown(self):
        os.unlink(self.path)

    def test_text_is_one_line_per_label(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(score.main([self.path, "--kind", "nginx", "--rpm", "300"]), 0)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines[0], "label=one requests=4 ok=3 rate_limited=1 other=0 "
                                   "span_s=0.500 best_s=0.400 ratio=1.250")
        self.assertTrue(lines[2].endswith("ratio=null"))

    def test_json_is_an_array(self):
        r = subprocess.run([sys.executable, SCORE_PY, self.path, "--kind", "fixed-xrl", "--rpm", "300",
                            "--window", "60", "--format", "json"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = json.loads(r.stdout)
        self.assertEqual([d["label"] for d in data], ["one", "two", "-"])
        self.assertEqual(set(data[0]), {"label", "requests", "ok", "rate_limited", "other",
                                        "span_s", "best_s", "ratio"})
        self.assertIsNone(data[0]["ratio"])  # 3 admitted fit in one window of 300

    def test_bad_window_exits_2(self):
        r = subprocess.run([sys.executable, SCORE_PY, self.path, "--kind", "haproxy", "--rpm", "100"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a positive integer", r.stderr)


if __name__ == "__main__":
    unittest.main()
