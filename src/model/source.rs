//! Source locations: files, byte offsets, and their line:column.

use std::sync::{Arc, OnceLock};

/// Where something was written: a file of the [`SourceMap`] and a byte offset into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Index into [`SourceMap::files`]; `u32::MAX` means "no file" (API rows, built in code).
    pub file: u32,
    /// Byte offset of the item's first character.
    pub offset: u32,
}

impl Span {
    /// A span for values that did not come from a file.
    pub const NONE: Span = Span {
        file: u32::MAX,
        offset: 0,
    };
}

/// A resolved location, 1-based line and column (column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One source file: its name as given by the user and its text. The table of line starts
/// is built on first use (only when a diagnostic needs a line and column), so registering
/// a large file costs one copy at most.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    pub name: String,
    text: Arc<str>,
    line_starts: OnceLock<Vec<u32>>,
    /// Characters before every [`CHAR_BLOCK`]-th byte (rounded down to a character
    /// boundary): columns are counted from the nearest mark, not from the line start, so
    /// locating many spans on one long (minified) line is not quadratic.
    char_marks: OnceLock<Vec<u32>>,
    /// Set by [`SourceFile::release_text`] to the length of the text it dropped (all ASCII,
    /// so a column is a byte distance); only the table of line starts is kept.
    released: Option<usize>,
}

/// Bytes between two marks of [`SourceFile::char_marks`].
const CHAR_BLOCK: usize = 4096;

impl SourceFile {
    /// Records a file (copying the text).
    pub fn new(name: impl Into<String>, text: &str) -> Self {
        Self::shared(name, Arc::from(text))
    }

    /// Records a file whose text is already shared (no copy).
    pub fn shared(name: impl Into<String>, text: Arc<str>) -> Self {
        SourceFile {
            name: name.into(),
            text,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
            released: None,
        }
    }

    /// The file's text; empty once [`SourceFile::release_text`] dropped it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Drops the text when nothing but locating needs it any more (after reading), keeping
    /// the table of line starts so [`SourceFile::line_col`] still answers exactly. Only an
    /// all-ASCII text is released (there a column is a byte distance); any other text is
    /// kept, since counting characters needs it. Returns the bytes freed (0 when kept, or
    /// when the text is shared elsewhere and lives on there).
    pub fn release_text(&mut self) -> usize {
        if self.released.is_some() || !self.text.is_ascii() {
            return 0;
        }
        let len = self.text.len();
        self.line_starts();
        let unique = Arc::strong_count(&self.text) == 1;
        self.text = Arc::from("");
        self.released = Some(len);
        if unique {
            len
        } else {
            0
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            // `match_indices` of one character searches with memchr.
            std::iter::once(0u32)
                .chain(
                    self.text
                        .match_indices('\n')
                        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
                )
                .collect()
        })
    }

    /// Line and column (1-based) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = starts.get(line).copied().unwrap_or(0) as usize;
        if let Some(len) = self.released {
            let end = (offset as usize).min(len);
            return (line as u32 + 1, (end - start.min(end)) as u32 + 1);
        }
        let end = (offset as usize).min(self.text.len());
        let column = if end - start.min(end) <= CHAR_BLOCK {
            self.text
                .get(start..end)
                .map(|s| s.chars().count())
                .unwrap_or(end.saturating_sub(start))
        } else {
            self.chars_before(end)
                .saturating_sub(self.chars_before(start))
        };
        (line as u32 + 1, column as u32 + 1)
    }

    /// The byte offset rounded down to a character boundary.
    fn floor_boundary(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// How many characters precede byte offset `at` (rounded down to a boundary).
    fn chars_before(&self, at: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = Vec::with_capacity(self.text.len() / CHAR_BLOCK + 1);
            let (mut count, mut prev) = (0usize, 0usize);
            for k in 0..=self.text.len() / CHAR_BLOCK {
                let here = self.floor_boundary(k * CHAR_BLOCK);
                count += self.text.get(prev..here).map_or(0, |s| s.chars().count());
                marks.push(u32::try_from(count).unwrap_or(u32::MAX));
                prev = here;
            }
            marks
        });
        let at = self.floor_boundary(at);
        let k = at / CHAR_BLOCK;
        let from = self.floor_boundary(k * CHAR_BLOCK);
        let before = marks.get(k).map_or(0, |m| *m as usize);
        before + self.text.get(from..at).map_or(0, |s| s.chars().count())
    }
}

/// All files a token set was read from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file (copying its text) and returns its index for [`Span::file`].
    pub fn add(&mut self, name: impl Into<String>, text: &str) -> u32 {
        self.add_shared(name, Arc::from(text))
    }

    /// Adds a file whose text is shared and returns its index for [`Span::file`].
    pub fn add_shared(&mut self, name: impl Into<String>, text: Arc<str>) -> u32 {
        self.files.push(SourceFile::shared(name, text));
        u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX)
    }

    /// Drops every all-ASCII text once reading is done (see [`SourceFile::release_text`]);
    /// returns the bytes freed.
    pub fn release_texts(&mut self) -> usize {
        self.files.iter_mut().map(SourceFile::release_text).sum()
    }

    /// The location of a span, or `None` for [`Span::NONE`].
    pub fn locate(&self, span: Span) -> Option<Location> {
        let file = self.files.get(span.file as usize)?;
        let (line, column) = file.line_col(span.offset);
        Some(Location {
            file: file.name.clone(),
            line,
            column,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let mut map = SourceMap::default();
        let f = map.add("a.json", "{\n  \"é\": 1\n}");
        let loc = map.locate(Span { file: f, offset: 0 }).unwrap();
        assert_eq!((loc.line, loc.column), (1, 1));
        // offset of `1` on line 2: bytes `  "é": ` = 2 + 1 + 2 + 1 + 1 + 1 = 8 bytes (é is 2)
        let loc = map
            .locate(Span {
                file: f,
                offset: 10,
            })
            .unwrap();
        assert_eq!((loc.line, loc.column), (2, 8));
        assert_eq!(loc.to_string(), "a.json:2:8");
        assert!(map.locate(Span::NONE).is_none());
    }

    /// After release, every offset of an ASCII file is located as before; a non-ASCII
    /// file keeps its text.
    #[test]
    fn released_texts_locate_the_same() {
        let text = "{\n  \"a\": {\"$value\": 1},\n\n  \"b\": 2\n}";
        let mut map = SourceMap::default();
        let f = map.add("a.json", text);
        let g = map.add("b.json", "{\"é\": 1}");
        let before: Vec<String> = (0..=text.len() as u32 + 3)
            .map(|offset| map.locate(Span { file: f, offset }).unwrap().to_string())
            .collect();
        assert_eq!(map.release_texts(), text.len());
        assert_eq!(map.files[0].text(), "");
        assert_eq!(map.files[1].text(), "{\"é\": 1}");
        let after: Vec<String> = (0..=text.len() as u32 + 3)
            .map(|offset| map.locate(Span { file: f, offset }).unwrap().to_string())
            .collect();
        assert_eq!(before, after);
        assert_eq!(
            map.locate(Span { file: g, offset: 6 }).unwrap().to_string(),
            "b.json:1:6"
        );
        // Releasing twice frees nothing more.
        assert_eq!(map.release_texts(), 0);
    }

    #[test]
    fn columns_on_long_lines_count_characters_across_marks() {
        let line = "é".repeat(5000) + "x" + &"ab".repeat(3000) + "日";
        let mut map = SourceMap::default();
        let f = map.add("min.json", &format!("{{\n{line}"));
        for (byte, col) in [
            (0usize, 1u32),
            (2, 2),
            (9998, 5000),
            (10000, 5001),
            (10001, 5002),
            (16001, 11002),
        ] {
            let loc = map
                .locate(Span {
                    file: f,
                    offset: byte as u32 + 2,
                })
                .unwrap();
            assert_eq!((loc.line, loc.column), (2, col), "byte {byte}");
        }
    }
}
