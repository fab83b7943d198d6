//! Glob patterns over crate names and workspace-relative paths.
//!
//! Crate-name globs use `*` (any run of characters) and `?` (one character). Path globs add
//! `**` (any number of whole path segments) and make `*`/`?` stop at `/`. Both accept character
//! classes (`[abc]`, `[a-z]`, `[!x]`). Patterns are validated up front so that a typo in a policy
//! is an error, not a rule that silently matches nothing.

use std::fmt;

/// What a glob is matched against: the separator rules differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GlobKind {
    /// A package name: no separators.
    Name,
    /// A `/`-separated path relative to the workspace root.
    Path,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`: one character (not `/` in a path).
    One,
    /// `*`: any run of characters (not `/` in a path).
    Star,
    /// `**` as a whole segment: any number of segments, including none.
    AnySegments,
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// A validated glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glob {
    pattern: String,
    kind: GlobKind,
    tokens: Vec<Token>,
}

/// Why a pattern is not a usable glob.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid glob `{pattern}`: {reason}")]
pub struct GlobError {
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

impl Glob {
    /// Parses and validates `pattern`.
    ///
    /// # Errors
    /// An empty pattern, an unclosed or empty character class, and for paths: an absolute path,
    /// a `..` or empty segment, a backslash, or `**` that is not a whole segment.
    pub fn new(pattern: &str, kind: GlobKind) -> Result<Self, GlobError> {
        let fail = |reason: &str| GlobError { pattern: pattern.to_owned(), reason: reason.to_owned() };
        if pattern.is_empty() {
            return Err(fail("the pattern is empty"));
        }
        if kind == GlobKind::Path {
            validate_path_shape(pattern).map_err(&fail)?;
        } else if pattern.contains('/') {
            return Err(fail("crate names have no `/`"));
        }
        let tokens = tokenize(pattern, kind).map_err(fail)?;
        Ok(Self { pattern: pattern.to_owned(), kind, tokens })
    }

    /// The pattern as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern contains no wildcard, i.e. names exactly one thing.
    #[must_use]
    pub fn is_literal(&self) -> bool {
        self.tokens.iter().all(|t| matches!(t, Token::Literal(_)))
    }

    /// Whether `text` matches the whole pattern.
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut memo = vec![None; (self.tokens.len() + 1) * (chars.len() + 1)];
        self.match_at(0, 0, &chars, &mut memo)
    }

    fn match_at(&self, t: usize, c: usize, chars: &[char], memo: &mut [Option<bool>]) -> bool {
        let slot = t * (chars.len() + 1) + c;
        if let Some(done) = memo[slot] {
            return done;
        }
        let sep = |ch: char| self.kind == GlobKind::Path && ch == '/';
        let result = match self.tokens.get(t) {
            None => c == chars.len(),
            Some(Token::Literal(l)) => chars.get(c) == Some(l) && self.match_at(t + 1, c + 1, chars, memo),
            Some(Token::One) => chars.get(c).is_some_and(|&ch| !sep(ch)) && self.match_at(t + 1, c + 1, chars, memo),
            Some(Token::Class { negated, ranges }) => {
                chars
                    .get(c)
                    .is_some_and(|&ch| !sep(ch) && ranges.iter().any(|&(lo, hi)| lo <= ch && ch <= hi) != *negated)
                    && self.match_at(t + 1, c + 1, chars, memo)
            }
            Some(Token::Star) => {
                self.match_at(t + 1, c, chars, memo)
                    || (chars.get(c).is_some_and(|&ch| !sep(ch)) && self.match_at(t, c + 1, chars, memo))
            }
            Some(Token::AnySegments) => self.match_any_segments(t, c, chars, memo),
        };
        memo[slot] = Some(result);
        result
    }

    /// `**` swallows whole segments: the next token starts at `c` or just after any later `/`.
    /// Its own separator (`**/` or `/**`) is part of the token.
    fn match_any_segments(&self, t: usize, c: usize, chars: &[char], memo: &mut [Option<bool>]) -> bool {
        if t + 1 == self.tokens.len() {
            return true; // trailing `**` matches everything below
        }
        if self.match_at(t + 1, c, chars, memo) {
            return true;
        }
        (c..chars.len()).any(|i| chars[i] == '/' && self.match_at(t + 1, i + 1, chars, memo))
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

fn validate_path_shape(pattern: &str) -> Result<(), &'static str> {
    if pattern.starts_with('/') || pattern.chars().nth(1) == Some(':') {
        return Err("paths are relative to the workspace root, not absolute");
    }
    if pattern.contains('\\') {
        return Err("use `/` as the path separator");
    }
    for segment in pattern.split('/') {
        if segment == ".." {
            return Err("a path may not leave the workspace (`..`)");
        }
        if segment.is_empty() {
            return Err("a path has an empty segment (`//` or a trailing `/`)");
        }
        if segment.contains("**") && segment != "**" {
            return Err("`**` must be a whole path segment, as in `src/**/mod.rs`");
        }
    }
    Ok(())
}

fn tokenize(pattern: &str, kind: GlobKind) -> Result<Vec<Token>, &'static str> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if kind == GlobKind::Path && chars.get(i + 1) == Some(&'*') => {
                tokens.push(Token::AnySegments);
                i += 2;
                // In `**/` the slash belongs to the token, so `a/**/b` also matches `a/b`.
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
            }
            '*' => {
                tokens.push(Token::Star);
                i += 1;
            }
            '?' => {
                tokens.push(Token::One);
                i += 1;
            }
            '[' => {
                let (class, next) = parse_class(&chars, i)?;
                tokens.push(class);
                i = next;
            }
            ']' => return Err("`]` without a matching `[`"),
            ch => {
                tokens.push(Token::Literal(ch));
                i += 1;
            }
        }
    }
    Ok(tokens)
}

fn parse_class(chars: &[char], open: usize) -> Result<(Token, usize), &'static str> {
    let mut i = open + 1;
    let negated = matches!(chars.get(i), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    while let Some(&ch) = chars.get(i) {
        if ch == ']' {
            if ranges.is_empty() {
                return Err("a character class is empty");
            }
            return Ok((Token::Class { negated, ranges }, i + 1));
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&c| c != ']') {
            let hi = chars[i + 2];
            if hi < ch {
                return Err("a character range runs backwards");
            }
            ranges.push((ch, hi));
            i += 3;
        } else {
            ranges.push((ch, ch));
            i += 1;
        }
    }
    Err("`[` is never closed")
}

/// A list of globs that matches when any of them does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GlobSet {
    globs: Vec<Glob>,
}

impl GlobSet {
    /// A set from already validated globs.
    #[must_use]
    pub fn new(globs: Vec<Glob>) -> Self {
        Self { globs }
    }

    /// Whether any glob matches `text`.
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        self.globs.iter().any(|g| g.matches(text))
    }

    /// Whether the set has no pattern at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// The globs, in the order written.
    #[must_use]
    pub fn globs(&self) -> &[Glob] {
        &self.globs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Glob {
        Glob::new(p, GlobKind::Path).unwrap_or_else(|e| panic!("{e}"))
    }
    fn name(p: &str) -> Glob {
        Glob::new(p, GlobKind::Name).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn crate_names() {
        assert!(name("franken-engine-*").matches("franken-engine-core"));
        assert!(!name("franken-engine-*").matches("franken-engine"));
        assert!(name("asupersync*").matches("asupersync"));
        assert!(name("a?c").matches("abc"));
        assert!(name("[ab]x").matches("bx"));
        assert!(!name("[!ab]x").matches("bx"));
        assert!(name("rusqlite").is_literal());
    }

    #[test]
    fn path_stars_stop_at_separators() {
        assert!(path("src/*.rs").matches("src/lib.rs"));
        assert!(!path("src/*.rs").matches("src/a/lib.rs"));
        assert!(path("src/**").matches("src/a/b/lib.rs"));
        assert!(path("src/**/mod.rs").matches("src/mod.rs"));
        assert!(path("src/**/mod.rs").matches("src/a/b/mod.rs"));
        assert!(!path("src/**/mod.rs").matches("src/a/b/lib.rs"));
        assert!(path("**/clock.rs").matches("crates/x/src/clock.rs"));
        assert!(path("**/clock.rs").matches("clock.rs"));
        assert!(path("crates/*/src/**").matches("crates/x/src/a.rs"));
        assert!(!path("crates/*/src/**").matches("crates/x/y/src/a.rs"));
    }

    #[test]
    fn bad_patterns_are_rejected() {
        for bad in ["", "/abs/**", "a/../b", "a//b", "a/", "src/a**", "[abc", "[]", "a]", "[z-a]"] {
            assert!(Glob::new(bad, GlobKind::Path).is_err(), "{bad:?} should be rejected");
        }
        assert!(Glob::new("a/b", GlobKind::Name).is_err());
    }
}
