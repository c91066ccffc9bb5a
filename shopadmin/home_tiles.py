"""The figures on the staff home page. Apps register their own tiles (shopadmin imports no
app); each tile counts one thing in the current shop."""

from collections.abc import Callable
from dataclasses import dataclass

from shopadmin.querying import bounded_count


@dataclass(frozen=True)
class HomeTile:
    key: str
    label: str
    queryset: Callable  # (shop) -> QuerySet of that shop's rows
    order: int = 100


_tiles: dict[str, HomeTile] = {}


def register_home_tile(tile: HomeTile) -> None:
    _tiles[tile.key] = tile


def home_figures(shop) -> list[dict]:
    figures = []
    for tile in sorted(_tiles.values(), key=lambda t: (t.order, t.key)):
        count, exact = bounded_count(tile.queryset(shop))
        figures.append({"key": tile.key, "label": tile.label, "count": count, "exact": exact})
    return figures
