"""Usefulness ratings (1-5) of datasets: average and count on the page, in the search index (facet and sort)."""
