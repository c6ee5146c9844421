"""Which columns of a table hold latitude and longitude (緯度/経度,
lat/lon, latitude/longitude, lng, ...), by their names."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["coordinate_columns"]

_LAT = re.compile(r"緯度|^(lat|latitude|y座標)$|(^|[_\s])lat(itude)?($|[_\s])", re.IGNORECASE)
_LON = re.compile(r"経度|^(lon|lng|long|longitude|x座標)$|(^|[_\s])(lon|lng|longitude)($|[_\s])",
                  re.IGNORECASE)


def coordinate_columns(names: list[str]) -> tuple[str, str] | None:
    """(latitude column, longitude column), the first of each, or None."""
    def first(pattern: re.Pattern[str]) -> str | None:
        return next((n for n in names if pattern.search(unicodedata.normalize("NFKC", n).strip())),
                    None)
    lat, lon = first(_LAT), first(_LON)
    return (lat, lon) if lat and lon and lat != lon else None
