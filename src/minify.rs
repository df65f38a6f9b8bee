//! Making what `build` writes smaller: HTML pages (minify-html), the theme's scripts (oxc)
//! and stylesheets (lightningcss). Only with the `minify` feature; without it every function
//! here returns its input unchanged.
//!
//! A theme file the minifier cannot read is shipped as it is, with a warning naming the file
//! and line: a broken script should be fixed by its author, not hidden by the build.

use crate::diagnostics::Diagnostic;

/// A minified HTML page. minify-html drops optional closing tags and `<html>`/`<head>`
/// unless told not to; we keep them, as some checkers and old assistive software expect them.
#[cfg(feature = "minify")]
pub fn html(html: &str) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    minify_html::minify(html.as_bytes(), &cfg)
}

#[cfg(not(feature = "minify"))]
pub fn html(html: &str) -> Vec<u8> {
    html.as_bytes().to_vec()
}

/// A theme file as it should be shipped. Scripts (`.js`) and stylesheets (`.css`) are
/// minified; anything else, and anything that would not get smaller, is returned as it is.
/// `file` names the source in the warning returned when it cannot be parsed (the original
/// bytes are returned then).
pub fn theme_file(file: &str, source: Vec<u8>) -> (Vec<u8>, Option<Diagnostic>) {
    let Some(kind) = Kind::of(file) else {
        return (source, None);
    };
    let Ok(text) = std::str::from_utf8(&source) else {
        let warning = Diagnostic::warning(file, "not minified: this file is not UTF-8 text")
            .hint("save it as UTF-8");
        return (source, Some(warning));
    };
    let minified = match kind {
        Kind::Script => script(text),
        Kind::Stylesheet => stylesheet(text),
    };
    match minified {
        Ok(small) if small.len() < source.len() => (small.into_bytes(), None),
        Ok(_) => (source, None),
        Err(e) => {
            let (line, column) = line_and_column(text, e.offset);
            let what = match kind {
                Kind::Script => "script",
                Kind::Stylesheet => "stylesheet",
            };
            let warning = Diagnostic::warning(
                file,
                format!("{what} not minified (shipped as it is): {}", e.message),
            )
            .at_column(line, column)
            .with_source(text)
            .hint("browsers may not run it either: fix the syntax error");
            (source, Some(warning))
        }
    }
}

/// Whether [`theme_file`] can make this file smaller (by its name; false without the
/// `minify` feature).
pub fn is_minifiable(file: &str) -> bool {
    cfg!(feature = "minify") && Kind::of(file).is_some()
}

#[derive(Clone, Copy)]
enum Kind {
    Script,
    Stylesheet,
}

impl Kind {
    fn of(file: &str) -> Option<Kind> {
        let (_, ext) = file.rsplit_once('.')?;
        if ext.eq_ignore_ascii_case("js") {
            Some(Kind::Script)
        } else if ext.eq_ignore_ascii_case("css") {
            Some(Kind::Stylesheet)
        } else {
            None
        }
    }
}

/// Why a file could not be minified, and where (byte offset into the source).
#[derive(Debug)]
struct SyntaxError {
    message: String,
    offset: usize,
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The newest syntax minified scripts may use. ES2015, not less: oxc prints strings in
/// backticks where that is shorter.
#[cfg(feature = "minify")]
const SCRIPT_TARGET: &str = "es2015";

/// A classic script (not a module), minified: local names mangled, comments dropped.
/// Top-level names are kept, as other scripts on the page may use them.
#[cfg(feature = "minify")]
fn script(source: &str) -> Result<String, SyntaxError> {
    use oxc_allocator::Allocator;
    use oxc_codegen::{Codegen, CodegenOptions};
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::cjs()).parse();
    if let Some(error) = parsed.errors.first() {
        let offset = error
            .labels
            .as_ref()
            .and_then(|labels| labels.first())
            .map_or(0, |label| label.offset());
        return Err(SyntaxError {
            message: error.message.to_string(),
            offset,
        });
    }
    if parsed.panicked {
        return Err(SyntaxError {
            message: "the parser gave up".into(),
            offset: 0,
        });
    }
    let mut program = parsed.program;
    let compress = CompressOptions {
        // Without a target oxc rewrites into the newest syntax (`??`, `||=`, `**`), which
        // browsers that run the theme's scripts today may not parse.
        target: oxc_compat::EngineTargets::from_target(SCRIPT_TARGET)
            .expect("SCRIPT_TARGET is a valid target"),
        ..CompressOptions::smallest()
    };
    let minified = Minifier::new(MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(compress),
    })
    .minify(&allocator, &mut program);
    // The scoping carries the mangled names: without it codegen prints the originals
    // (minify-html 0.18 drops it, which is why its output keeps long local names).
    Ok(Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .with_private_member_mappings(minified.class_private_mappings)
        .build(&program)
        .code)
}

#[cfg(feature = "minify")]
fn stylesheet(source: &str) -> Result<String, SyntaxError> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};

    let located = |message: String, loc: Option<lightningcss::error::ErrorLocation>| {
        let offset = loc.map_or(0, |l| {
            offset_of(source, l.line as usize + 1, l.column as usize)
        });
        SyntaxError { message, offset }
    };
    let mut sheet = StyleSheet::parse(source, ParserOptions::default())
        .map_err(|e| located(e.kind.to_string(), e.loc))?;
    sheet
        .minify(MinifyOptions::default())
        .map_err(|e| located(e.kind.to_string(), e.loc))?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .map_err(|e| located(e.kind.to_string(), e.loc))?;
    Ok(printed.code)
}

/// Byte offset of a 1-based line and 1-based column (in UTF-16 units, as lightningcss counts;
/// approximated by characters).
#[cfg(feature = "minify")]
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

#[cfg(not(feature = "minify"))]
fn script(source: &str) -> Result<String, SyntaxError> {
    Ok(source.to_string())
}

#[cfg(not(feature = "minify"))]
fn stylesheet(source: &str) -> Result<String, SyntaxError> {
    Ok(source.to_string())
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    use super::*;

    const SCRIPT: &str = "/** Adds one. */\n(function () {\n  'use strict';\n  // a comment\n  function addOne(longParameterName) {\n    var localResult = longParameterName + 1;\n    return localResult;\n  }\n  window.answer = addOne(41);\n}());\n";

    #[test]
    fn scripts_lose_comments_and_local_names_but_keep_globals() {
        let (bytes, warning) = theme_file("themes/t/static/js/a.js", SCRIPT.as_bytes().to_vec());
        let out = String::from_utf8(bytes).unwrap();
        assert!(warning.is_none(), "{warning:?}");
        assert!(out.len() < SCRIPT.len() / 2, "{out}");
        for gone in [
            "Adds one",
            "a comment",
            "longParameterName",
            "localResult",
            "addOne",
        ] {
            assert!(!out.contains(gone), "`{gone}` survived: {out}");
        }
        assert!(out.contains("window.answer"), "{out}");
        assert!(out.contains("use strict"), "{out}");
    }

    #[test]
    fn minified_scripts_use_no_syntax_newer_than_the_target() {
        let source = "(function(){function f(a,b){return a===null||a===void 0?b:a}function g(o){o.x=o.x||1;try{return Math.pow(2,o.x)}catch(e){return 0}}window.r=[f,g]}());";
        let (bytes, _) = theme_file("a.js", source.as_bytes().to_vec());
        let out = String::from_utf8(bytes).unwrap();
        for newer in ["??", "?.", "||=", "**", "catch{"] {
            assert!(!out.contains(newer), "`{newer}` in {out}");
        }
    }

    #[test]
    fn a_script_with_a_syntax_error_is_shipped_as_it_is_with_a_located_warning() {
        let source = "(function () {\n  var ok = 1;\n  var broken = ;\n}());\n";
        let (bytes, warning) = theme_file("themes/t/static/js/bad.js", source.as_bytes().to_vec());
        assert_eq!(bytes, source.as_bytes());
        let warning = warning.expect("a warning");
        assert!(!warning.is_error());
        assert_eq!(warning.file, "themes/t/static/js/bad.js");
        assert_eq!(warning.line, Some(3), "{warning:?}");
        assert_eq!(warning.source_line.as_deref(), Some("  var broken = ;"));
        assert!(
            warning.message.contains("not minified"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn stylesheets_are_minified_and_broken_ones_kept_with_a_warning() {
        let css = "/* theme */\n.a {\n  color: #ff0000;\n  margin: 0px 0px 0px 0px;\n}\n";
        let (bytes, warning) = theme_file("x.css", css.as_bytes().to_vec());
        assert!(warning.is_none());
        assert_eq!(String::from_utf8(bytes).unwrap(), ".a{color:red;margin:0}");

        let broken = ".a {\n  color: red;\n}\n}\n.b { color: blue;";
        let (bytes, warning) = theme_file("y.css", broken.as_bytes().to_vec());
        if let Some(w) = warning {
            assert_eq!(bytes, broken.as_bytes());
            assert!(w.line.is_some(), "{w:?}");
        }
    }

    #[test]
    fn other_files_and_output_are_untouched_and_deterministic() {
        let svg = b"<svg><!-- keep --></svg>".to_vec();
        assert_eq!(theme_file("i.svg", svg.clone()), (svg, None));
        let once = theme_file("a.js", SCRIPT.as_bytes().to_vec());
        let twice = theme_file("a.js", SCRIPT.as_bytes().to_vec());
        assert_eq!(once, twice);
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_and_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_and_column("x", 99), (1, 2));
    }
}
