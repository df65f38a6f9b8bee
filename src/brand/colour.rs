//! Colours as written in config.yaml (`#005eb8`), and the WCAG 2.2 contrast maths: relative
//! luminance, contrast ratio, and the nearest shade of a colour that reaches a ratio.

use std::fmt;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Colour {
    /// Reads `#rgb` or `#rrggbb` (either case). Says what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Colour, String> {
        let t = text.trim();
        let Some(hex) = t.strip_prefix('#') else {
            return Err(format!(
                "{t:?} is not a colour: write it as # and six hexadecimal digits, e.g. \"#005eb8\""
            ));
        };
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) || !(hex.len() == 3 || hex.len() == 6) {
            return Err(format!(
                "{t:?} is not a colour: after the # come three or six hexadecimal digits (0-9, a-f), e.g. \"#005eb8\""
            ));
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).unwrap_or(0);
        Ok(if hex.len() == 3 {
            Colour {
                r: digit(0, 1) * 17,
                g: digit(1, 1) * 17,
                b: digit(2, 1) * 17,
            }
        } else {
            Colour {
                r: digit(0, 2),
                g: digit(2, 2),
                b: digit(4, 2),
            }
        })
    }

    /// WCAG 2.2 relative luminance (0 for black, 1 for white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// The WCAG contrast ratio of two colours, from 1 to 21.
    pub fn contrast(self, other: Colour) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    fn to_hsl(self) -> (f64, f64, f64) {
        let [r, g, b] = [self.r, self.g, self.b].map(|c| f64::from(c) / 255.0);
        let max = r.max(g).max(b);
        let min = r.min(g).min(b);
        let l = (max + min) / 2.0;
        if max == min {
            return (0.0, 0.0, l);
        }
        let d = max - min;
        let s = if l > 0.5 {
            d / (2.0 - max - min)
        } else {
            d / (max + min)
        };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    fn from_hsl(h: f64, s: f64, l: f64) -> Colour {
        let channel = |t: f64| {
            let q = if l < 0.5 {
                l * (1.0 + s)
            } else {
                l + s - l * s
            };
            let p = 2.0 * l - q;
            let t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            // In 0..=255 by construction; the cast cannot truncate.
            (v.clamp(0.0, 1.0) * 255.0).round() as u8
        };
        Colour {
            r: channel(h + 1.0 / 3.0),
            g: channel(h),
            b: channel(h - 1.0 / 3.0),
        }
    }

    /// The shade of this colour (the same hue and saturation, lighter or darker) closest to
    /// it for which `passes` holds, or `None` if no shade does.
    pub fn nearest_shade(self, passes: impl Fn(Colour) -> bool) -> Option<Colour> {
        if passes(self) {
            return Some(self);
        }
        let (h, s, l) = self.to_hsl();
        (1..=1000).find_map(|step| {
            let delta = f64::from(step) / 1000.0;
            [l - delta, l + delta]
                .into_iter()
                .filter(|l| (0.0..=1.0).contains(l))
                .map(|l| Colour::from_hsl(h, s, l))
                .find(|&c| passes(c))
        })
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A ratio as WCAG readers expect it, rounded down so that a failing 4.497 never shows as
/// "4.50:1".
pub fn shown_ratio(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str) -> Colour {
        Colour::parse(t).unwrap()
    }

    #[test]
    fn colours_are_read_in_both_lengths_and_bad_ones_say_why() {
        assert_eq!(
            c("#005EB8"),
            Colour {
                r: 0,
                g: 0x5e,
                b: 0xb8
            }
        );
        assert_eq!(
            c("#fff"),
            Colour {
                r: 255,
                g: 255,
                b: 255
            }
        );
        assert_eq!(c("#fff").to_string(), "#ffffff");
        for bad in ["005eb8", "#05eb8", "#00ggb8", "blue", "", "#"] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn contrast_ratios_match_the_published_values() {
        // Black on white is 21:1; #767676 on white (the lightest grey that passes) 4.54:1 and
        // #777 4.47:1, as WebAIM's checker gives them; NHS blue on white 6.37:1.
        assert_eq!(shown_ratio(c("#000").contrast(c("#fff"))), "21.00:1");
        assert_eq!(shown_ratio(c("#005eb8").contrast(c("#fff"))), "6.37:1");
        assert_eq!(shown_ratio(c("#767676").contrast(c("#fff"))), "4.54:1");
        assert_eq!(shown_ratio(c("#777").contrast(c("#fff"))), "4.47:1");
        assert_eq!(
            c("#fff").contrast(c("#005eb8")),
            c("#005eb8").contrast(c("#fff"))
        );
    }

    #[test]
    fn the_nearest_shade_keeps_the_hue_and_just_passes() {
        let pale = c("#66a3e0");
        let white = c("#fff");
        let shade = pale.nearest_shade(|s| s.contrast(white) >= 4.5).unwrap();
        assert!(shade.contrast(white) >= 4.5);
        // Darker, still blue, and close: one step lighter would fail.
        assert!(shade.luminance() < pale.luminance());
        assert!(shade.b > shade.r && shade.b > shade.g, "{shade}");
        assert!(
            shade.contrast(white) < 4.7,
            "{shade} is darker than it needs to be"
        );
        // A colour that passes is its own nearest shade.
        assert_eq!(
            c("#005eb8").nearest_shade(|s| s.contrast(white) >= 4.5),
            Some(c("#005eb8"))
        );
        // Nothing reaches 22:1.
        assert_eq!(pale.nearest_shade(|s| s.contrast(white) >= 22.0), None);
    }
}
