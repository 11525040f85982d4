//! Source locations: files, byte offsets, and their line:column.

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

/// One source file: its name as given by the user and the offsets of its line starts.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    pub name: String,
    line_starts: Vec<u32>,
    text: String,
}

impl SourceFile {
    /// Records a file. The text is kept to compute columns in characters.
    pub fn new(name: impl Into<String>, text: &str) -> Self {
        let mut line_starts = vec![0u32];
        line_starts.extend(
            memchr_newlines(text.as_bytes())
                .into_iter()
                .map(|i| (i + 1) as u32),
        );
        SourceFile {
            name: name.into(),
            line_starts,
            text: text.to_owned(),
        }
    }

    /// Line and column (1-based) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let end = (offset as usize).min(self.text.len());
        let column = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end - start);
        (line as u32 + 1, column as u32 + 1)
    }
}

fn memchr_newlines(bytes: &[u8]) -> Vec<usize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

/// All files a token set was read from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its index for [`Span::file`].
    pub fn add(&mut self, name: impl Into<String>, text: &str) -> u32 {
        self.files.push(SourceFile::new(name, text));
        (self.files.len() - 1) as u32
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
}
