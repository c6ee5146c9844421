"""Personal-data scanning of resources."""
