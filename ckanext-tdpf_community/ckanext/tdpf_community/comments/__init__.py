"""Comments on datasets and data requests: questions, error reports
(データの誤り), answers, threaded; the provider's answers marked."""
