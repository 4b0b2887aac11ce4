//! Where answers were given, as a map of hexagons with no basemap: the points are projected on a
//! flat plane around their mean position, cut into hexagons of a round size, and each hexagon
//! counts the distinct respondents in it. Hexagons standing for too few people are left out and
//! their people counted apart, so that no dot on the map points at a household.
//!
//! The plane is equirectangular around the mean point, `x = R·Δlon·cos(lat₀)` and `y = R·Δlat`
//! with the mean Earth radius R: within a city it is right to a few metres. It does not handle
//! points on both sides of the 180th meridian.
//!
//! Hexagons are pointy-topped, with axial coordinates: a hexagon of radius `r` (centre to
//! corner) at column `q` and row `s` has its centre at `x = √3·r·(q + s/2)`, `y = 1.5·r·s`.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::f64::consts::PI;

/// The mean radius of the Earth in metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;
const SQRT_3: f64 = 1.732_050_807_568_877_2;
/// The smallest hexagon radius used, in metres.
const MIN_RADIUS_M: f64 = 25.0;

/// Where one answer was given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
    pub respondent: u32,
}

/// One hexagon of the map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hex {
    /// The axial column: it runs east along a row, and each row to the north starts half a
    /// hexagon further east.
    pub col: i32,
    /// The row, counted northwards from the row through the map's origin.
    pub row: i32,
    /// The centre in the map's plane, in metres east of the map's origin.
    pub x: f64,
    /// The centre in the map's plane, in metres north of the map's origin.
    pub y: f64,
    /// Distinct respondents with a point in the hexagon.
    pub count: u64,
}

/// A hexagon map of points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HexMap {
    /// The latitude of the plane's origin (the points' mean latitude).
    pub lat0: f64,
    /// The longitude of the plane's origin (the points' mean longitude).
    pub lon0: f64,
    /// The centre-to-corner radius of a hexagon in metres, a round figure (25, 50, 100, 200,
    /// 250, 500 m, 1, 2, 2.5, 5 km and so on).
    pub radius_m: f64,
    /// The hexagons shown, ordered by row and then column.
    pub hexes: Vec<Hex>,
    /// Respondents in the hexagons left out because fewer than `min_count` were in each,
    /// counted per hexagon as the shown counts are.
    pub hidden: u64,
    /// The extent of the shown hexagons, corners included, in metres from the origin; all 0
    /// when no hexagon is shown.
    pub min_x: f64,
    pub max_x: f64,
    pub min_y: f64,
    pub max_y: f64,
}

/// Cuts `points` into hexagons so that the points' extent (the larger of its width and height)
/// spans at most `across` hexagon widths, with the smallest round radius that allows it (at
/// least 25 m). When `min_count` is above 0, hexagons with fewer distinct respondents than that
/// are left out and their respondents added to `hidden`.
///
/// Points with a coordinate that is not finite or out of range (latitude beyond ±90, longitude
/// beyond ±180) are ignored; `None` when no point is left.
pub fn hexbin(points: &[Point], across: u32, min_count: u64) -> Option<HexMap> {
    let valid: Vec<&Point> = points
        .iter()
        .filter(|p| {
            p.lat.is_finite() && p.lon.is_finite() && p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0
        })
        .collect();
    if valid.is_empty() {
        return None;
    }
    let n = valid.len() as f64;
    let lat0 = valid.iter().map(|p| p.lat).sum::<f64>() / n;
    let lon0 = valid.iter().map(|p| p.lon).sum::<f64>() / n;

    let projected: Vec<(f64, f64, u32)> = valid
        .iter()
        .map(|p| {
            let (x, y) = project(lat0, lon0, p.lat, p.lon);
            (x, y, p.respondent)
        })
        .collect();
    let (min_x, max_x, min_y, max_y) = projected.iter().fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), (x, y, _)| (a.min(*x), b.max(*x), c.min(*y), d.max(*y)),
    );
    let radius_m = round_radius((max_x - min_x).max(max_y - min_y), across);

    let mut cells: BTreeMap<(i32, i32), BTreeSet<u32>> = BTreeMap::new();
    for (x, y, respondent) in projected {
        let (col, row) = hex_at(x, y, radius_m);
        cells.entry((row, col)).or_default().insert(respondent);
    }

    let mut hexes = Vec::new();
    let mut hidden = 0;
    for ((row, col), people) in cells {
        let count = people.len() as u64;
        if min_count > 0 && count < min_count {
            hidden += count;
            continue;
        }
        let (x, y) = centre(col, row, radius_m);
        hexes.push(Hex {
            col,
            row,
            x,
            y,
            count,
        });
    }

    let half_width = SQRT_3 / 2.0 * radius_m;
    let extent = hexes
        .iter()
        .fold(None, |acc: Option<(f64, f64, f64, f64)>, h| {
            let (a, b, c, d) = (
                h.x - half_width,
                h.x + half_width,
                h.y - radius_m,
                h.y + radius_m,
            );
            Some(acc.map_or((a, b, c, d), |(a0, b0, c0, d0)| {
                (a0.min(a), b0.max(b), c0.min(c), d0.max(d))
            }))
        });
    let (min_x, max_x, min_y, max_y) = extent.unwrap_or((0.0, 0.0, 0.0, 0.0));

    Some(HexMap {
        lat0,
        lon0,
        radius_m,
        hexes,
        hidden,
        min_x,
        max_x,
        min_y,
        max_y,
    })
}

/// The six corners of a hexagon of radius `radius_m`, for drawing (pointy-top layout),
/// counter-clockwise from the one to the east of the top: at 30°, 90° (the top), 150°, 210°,
/// 270° (the bottom) and 330° from east.
pub fn corners(h: &Hex, radius_m: f64) -> [(f64, f64); 6] {
    std::array::from_fn(|i| {
        let angle = (30.0 + 60.0 * i as f64) * PI / 180.0;
        (h.x + radius_m * angle.cos(), h.y + radius_m * angle.sin())
    })
}

/// Reads an ODK geopoint answer, `lat lon [altitude [accuracy]]` separated by spaces (a comma
/// between latitude and longitude is accepted too), into latitude, longitude and the accuracy
/// in metres when given. `None` for anything that is not numbers, a latitude beyond ±90, a
/// longitude beyond ±180 or a negative accuracy.
pub fn parse_geopoint(text: &str) -> Option<(f64, f64, Option<f64>)> {
    let (lat, rest) = match text.trim().split_once(',') {
        Some((lat, rest)) => (lat.trim(), rest),
        None => {
            let trimmed = text.trim();
            let at = trimmed.find(char::is_whitespace)?;
            (trimmed.get(..at)?, trimmed.get(at..)?)
        }
    };
    let mut rest = rest.split_whitespace();
    let number = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
    let lat = number(lat)?;
    let lon = number(rest.next()?)?;
    let altitude = rest.next().map(number);
    let accuracy = rest.next().map(number);
    if rest.next().is_some()
        || altitude == Some(None)
        || accuracy == Some(None)
        || lat.abs() > 90.0
        || lon.abs() > 180.0
    {
        return None;
    }
    let accuracy = accuracy.flatten();
    if accuracy.is_some_and(|a| a < 0.0) {
        return None;
    }
    Some((lat, lon, accuracy))
}

/// A point's position in metres east and north of the origin (equirectangular).
fn project(lat0: f64, lon0: f64, lat: f64, lon: f64) -> (f64, f64) {
    let radians = PI / 180.0;
    let x = EARTH_RADIUS_M * (lon - lon0) * radians * (lat0 * radians).cos();
    let y = EARTH_RADIUS_M * (lat - lat0) * radians;
    (x, y)
}

/// The smallest round radius (1, 2, 2.5 or 5 times a power of ten, at least 25 m) at which an
/// extent of `extent` metres spans at most `across` hexagon widths (√3 radii each).
fn round_radius(extent: f64, across: u32) -> f64 {
    let needed = extent / (f64::from(across.max(1)) * SQRT_3);
    let mut power = 10.0;
    for _ in 0..12 {
        for mantissa in [1.0, 2.0, 2.5, 5.0] {
            let radius = mantissa * power;
            if radius >= MIN_RADIUS_M && radius >= needed {
                return radius;
            }
        }
        power *= 10.0;
    }
    needed.max(MIN_RADIUS_M)
}

/// The centre of the hexagon at axial `(col, row)`.
fn centre(col: i32, row: i32, radius: f64) -> (f64, f64) {
    let (q, r) = (f64::from(col), f64::from(row));
    (radius * SQRT_3 * (q + r / 2.0), radius * 1.5 * r)
}

/// The axial `(col, row)` of the hexagon holding the point `(x, y)`.
fn hex_at(x: f64, y: f64, radius: f64) -> (i32, i32) {
    let q = (SQRT_3 / 3.0 * x - y / 3.0) / radius;
    let r = (2.0 / 3.0 * y) / radius;
    cube_round(q, r)
}

/// Rounds fractional axial coordinates to the hexagon holding them: round all three cube
/// coordinates (q, r, s = −q − r) and recompute the one that moved most from the other two,
/// so that they still sum to zero.
fn cube_round(q: f64, r: f64) -> (i32, i32) {
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    (rq as i32, rr as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metres per degree of latitude.
    const M_PER_DEG: f64 = EARTH_RADIUS_M * PI / 180.0;

    fn point(lat: f64, lon: f64, respondent: u32) -> Point {
        Point {
            lat,
            lon,
            respondent,
        }
    }

    #[test]
    fn a_kilometre_north_is_a_kilometre_up() {
        let (x, y) = project(50.85, 4.35, 50.85 + 1_000.0 / M_PER_DEG, 4.35);
        assert!((y - 1_000.0).abs() < 1e-6);
        assert!(x.abs() < 1e-9);
        // A kilometre east at 50.85° N is 1000 / (111 195 m · cos 50.85°) degrees of longitude.
        let dlon = 1_000.0 / (M_PER_DEG * (50.85 * PI / 180.0).cos());
        let (x, _) = project(50.85, 4.35, 50.85, 4.35 + dlon);
        assert!((x - 1_000.0).abs() < 1e-6);
    }

    #[test]
    fn points_near_each_corner_land_in_the_hexagon_they_are_in() {
        // Every corner is shared by three hexagons: the one itself and two neighbours. A point
        // nudged from the corner towards each of their centres must land in that hexagon.
        let radius = 100.0;
        for (col, row) in [(0, 0), (3, -2), (-5, 7)] {
            let (cx, cy) = centre(col, row, radius);
            let hex = Hex {
                col,
                row,
                x: cx,
                y: cy,
                count: 0,
            };
            let neighbours = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)];
            for (kx, ky) in corners(&hex, radius) {
                let sharing: Vec<(i32, i32)> = neighbours
                    .iter()
                    .map(|(dq, dr)| (col + dq, row + dr))
                    .filter(|(q, r)| {
                        let (x, y) = centre(*q, *r, radius);
                        ((x - kx).powi(2) + (y - ky).powi(2)).sqrt() < radius + 1e-6
                    })
                    .collect();
                assert_eq!(sharing.len(), 3);
                assert!(sharing.contains(&(col, row)));
                for (q, r) in sharing {
                    let (x, y) = centre(q, r, radius);
                    let (px, py) = (kx + 0.01 * (x - kx), ky + 0.01 * (y - ky));
                    assert_eq!(hex_at(px, py, radius), (q, r), "corner ({kx}, {ky})");
                }
            }
            // Just inside and just outside the middle of each side.
            for (dq, dr) in neighbours.iter().skip(1) {
                let (nx, ny) = centre(col + dq, row + dr, radius);
                let (mx, my) = ((cx + nx) / 2.0, (cy + ny) / 2.0);
                let inside = (mx + 0.01 * (cx - mx), my + 0.01 * (cy - my));
                let outside = (mx - 0.01 * (cx - mx), my - 0.01 * (cy - my));
                assert_eq!(hex_at(inside.0, inside.1, radius), (col, row));
                assert_eq!(hex_at(outside.0, outside.1, radius), (col + dq, row + dr));
            }
        }
    }

    #[test]
    fn a_far_small_cluster_is_hidden() {
        // 30 respondents within a few metres of each other in one street, 3 others about
        // 4.8 km to the north. Extent 4.8 km over 20 hexagons needs a radius of
        // 4800 / (20·√3) = 139 m: 200 m.
        let mut points: Vec<Point> = (0..30)
            .map(|i| point(50.8466 + f64::from(i) * 1e-6, 4.3528, i))
            .collect();
        points.extend((30..33).map(|i| point(50.8900, 4.3528 + f64::from(i - 30) * 1e-5, i)));
        let map = hexbin(&points, 20, 5).unwrap();
        assert_eq!(map.radius_m, 200.0);
        assert_eq!(map.hexes.len(), 1);
        assert_eq!(map.hexes[0].count, 30);
        assert_eq!(map.hidden, 3);
        let h = &map.hexes[0];
        let half = SQRT_3 / 2.0 * 200.0;
        assert_eq!(
            (map.min_x, map.max_x, map.min_y, map.max_y),
            (h.x - half, h.x + half, h.y - 200.0, h.y + 200.0)
        );
        // The origin is the mean point: 3/33 of the 4825.9 m from the street to the far
        // cluster (438.7 m), plus 1.5 m for the spread of the street's own points (their mean
        // is 14.5e-6° north of the first). The shown hexagon is the street's.
        assert!((map.lat0 - (30.0 * 50.8466 + 3.0 * 50.89) / 33.0).abs() < 1e-4);
        let (sx, sy) = project(map.lat0, map.lon0, 50.8466, 4.3528);
        assert!((sy - -440.2).abs() < 0.1);
        assert!(((h.x - sx).powi(2) + (h.y - sy).powi(2)).sqrt() <= 200.0);

        let all = hexbin(&points, 20, 0).unwrap();
        assert_eq!(all.hexes.len(), 2);
        assert_eq!(all.hidden, 0);
        assert_eq!(all.hexes.iter().map(|h| h.count).sum::<u64>(), 33);
    }

    #[test]
    fn a_respondent_counts_once_in_a_hexagon() {
        let points = [
            point(50.85, 4.35, 1),
            point(50.85, 4.35, 1),
            point(50.850_01, 4.35, 1),
            point(50.85, 4.35, 2),
            point(f64::NAN, 4.35, 3),
            point(50.85, 200.0, 4),
        ];
        let map = hexbin(&points, 10, 0).unwrap();
        assert_eq!(map.hexes.len(), 1);
        assert_eq!(map.hexes[0].count, 2);
        assert_eq!(map.radius_m, 25.0);
        assert_eq!(hexbin(&points[4..], 10, 0), None);
        assert_eq!(hexbin(&[], 10, 0), None);
    }

    #[test]
    fn the_radius_is_a_round_figure() {
        assert_eq!(round_radius(0.0, 20), 25.0);
        assert_eq!(round_radius(1_000.0, 20), 50.0); // needs 28.9 m
        assert_eq!(round_radius(1_000.0, 5), 200.0); // needs 115.5 m
        assert_eq!(round_radius(10_000.0, 20), 500.0); // needs 288.7 m
        assert_eq!(round_radius(70_000.0, 20), 2_500.0); // needs 2020.7 m
        assert_eq!(round_radius(1_000.0, 0), 1_000.0); // one hexagon: needs 577 m
    }

    #[test]
    fn corners_sit_one_radius_from_the_centre() {
        let h = Hex {
            col: 0,
            row: 0,
            x: 10.0,
            y: 20.0,
            count: 1,
        };
        let c = corners(&h, 100.0);
        assert!((c[1].0 - 10.0).abs() < 1e-9 && (c[1].1 - 120.0).abs() < 1e-9);
        assert!((c[0].0 - (10.0 + 50.0 * SQRT_3)).abs() < 1e-9 && (c[0].1 - 70.0).abs() < 1e-9);
        assert!((c[4].1 - -80.0).abs() < 1e-9);
    }

    #[test]
    fn geopoints_are_read_as_odk_writes_them() {
        assert_eq!(
            parse_geopoint("50.85 4.35 12 5"),
            Some((50.85, 4.35, Some(5.0)))
        );
        assert_eq!(parse_geopoint("50.85 4.35 12"), Some((50.85, 4.35, None)));
        assert_eq!(parse_geopoint("50.85,4.35"), Some((50.85, 4.35, None)));
        assert_eq!(
            parse_geopoint(" 50.85, 4.35 0 3.5 "),
            Some((50.85, 4.35, Some(3.5)))
        );
        assert_eq!(parse_geopoint("-33.9 151.2"), Some((-33.9, 151.2, None)));
        assert_eq!(parse_geopoint("abc"), None);
        assert_eq!(parse_geopoint("95 4"), None);
        assert_eq!(parse_geopoint("50 181"), None);
        assert_eq!(parse_geopoint("50.85"), None);
        assert_eq!(parse_geopoint(""), None);
        assert_eq!(parse_geopoint("50.85 4.35 x 5"), None);
        assert_eq!(parse_geopoint("50.85 4.35 12 5 9"), None);
        assert_eq!(parse_geopoint("50.85 4.35 12 -5"), None);
        assert_eq!(parse_geopoint("NaN 4.35"), None);
    }
}
