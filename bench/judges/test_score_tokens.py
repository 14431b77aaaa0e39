"""Unit tests of score_tokens.py: python3 -m unittest bench/judges/test_score_tokens.py"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score_tokens  # noqa: E402


class ScoreTokensTest(unittest.TestCase):

    def test_scores_each_label_against_the_windows_its_ok_tokens_need(self):
        entries, bad = score_tokens.parse_log([
            "100.000 200 paced 500", "100.500 200 paced 500", "101.000 429 paced 500", "102.100 200 paced 500",
            "", "garbage",
        ])
        [paced] = score_tokens.score(entries, tpm=60_000, window=1)  # q = 1,000 tokens per window

        self.assertEqual(bad, 1)
        self.assertEqual((paced["requests"], paced["ok"], paced["rate_limited"], paced["tokens"]), (4, 3, 1, 1500))
        self.assertEqual(paced["span_s"], 2.1)
        self.assertEqual(paced["best_s"], 1.0)     # 1,500 tokens: two windows, one apart
        self.assertEqual(paced["ideal_s"], 1.5)    # 1,500 / 60,000 per minute
        self.assertEqual(paced["ratio"], 2.1)

    def test_refuses_a_window_that_holds_no_whole_number_of_tokens(self):
        with self.assertRaises(ValueError):
            score_tokens.score([], tpm=50, window=1)


if __name__ == "__main__":
    unittest.main()
