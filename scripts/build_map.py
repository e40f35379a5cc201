"""Build ``veille/api/static/world.json``: the country outlines the dashboard map draws.

The outlines come from the npm package ``world-atlas`` 2.0.2 (ISC licence),
whose ``countries-110m.json`` is a TopoJSON of the Natural Earth 1:110m
admin-0 countries (public domain). Fetch it with npm, then run this script::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_map.py package/countries-110m.json

The TopoJSON arcs are decoded and each country written as an SVG path in
an equirectangular projection (``x = lon + 180``, ``y = 90 - lat``, one
decimal), so the dashboard puts the paths in an SVG of view box
``0 0 360 180`` as they are and places an event at ``(lon + 180, 90 - lat)``.
The output is committed; nothing is fetched when Veille runs.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parent.parent / "veille" / "api" / "static" / "world.json"
SOURCE = "Natural Earth 1:110m countries (public domain), via the npm package world-atlas 2.0.2 (ISC)"

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """The arcs of a quantized TopoJSON topology, as lists of (lon, lat)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        x = y = 0
        for dx, dy in arc:
            if transform is None:
                points.append((float(dx), float(dy)))
                continue
            x, y = x + dx, y + dy
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """A closed ring from arc indexes (a negative index ``~i`` is arc ``i`` reversed)."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[Point]) -> list[Point]:
    """Longitudes made continuous, so that a ring crossing the antimeridian does not cross the whole map."""
    out: list[Point] = []
    for lon, lat in points:
        if out:
            while lon - out[-1][0] > 180:
                lon -= 360
            while out[-1][0] - lon > 180:
                lon += 360
        out.append((lon, lat))
    return out


def svg_path(rings: list[list[Point]]) -> str:
    """Rings as an SVG path in the equirectangular view box 0 0 360 180.

    A ring that runs past the antimeridian is drawn twice, a world apart:
    the view box clips each copy to the part on the map.
    """
    parts = []
    for points in rings:
        points = unwrap(points)
        lons = [lon for lon, _ in points]
        shifts = [0] + ([360] if min(lons) < -180 else []) + ([-360] if max(lons) > 180 else [])
        for shift in shifts:
            coords = []
            last = None
            for lon, lat in points:
                xy = (round(lon + shift + 180, 1), round(90 - lat, 1))
                if xy != last:
                    coords.append(f"{xy[0]:g} {xy[1]:g}")
                    last = xy
            if len(coords) >= 3:
                parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        path = svg_path([ring(arcs, r) for polygon in polygons for r in polygon])
        if path:
            name = (geometry.get("properties") or {}).get("name", "")
            countries.append({"id": geometry.get("id"), "name": name, "d": path})
    return {"source": SOURCE, "viewBox": "0 0 360 180", "countries": countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topojson", type=Path, help="countries-110m.json of world-atlas 2.0.2")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.output.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['countries'])} countries, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
