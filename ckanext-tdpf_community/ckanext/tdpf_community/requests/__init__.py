"""Data requests (データリクエスト): the public board, votes, the addressed organisation's answer, and matching of newly published datasets."""
