//! Files sent in `multipart/form-data` bodies.

use bytes::Bytes;

/// A file to upload: its name, its content type and its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct FileUpload {
    filename: String,
    content_type: String,
    data: Bytes,
}

impl FileUpload {
    /// A file with content type `application/octet-stream`.
    pub fn new(filename: impl Into<String>, data: impl Into<Bytes>) -> Self {
        FileUpload {
            filename: filename.into(),
            content_type: "application/octet-stream".into(),
            data: data.into(),
        }
    }

    /// Sets the content type (e.g. `image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file name sent with the part.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The content type sent with the part.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }
}

impl std::fmt::Debug for FileUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileUpload")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

/// Files travel as multipart parts, not JSON; in JSON they are written as their file name only.
impl serde::Serialize for FileUpload {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.filename)
    }
}

impl<'de> serde::Deserialize<'de> for FileUpload {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <String as serde::Deserialize>::deserialize(deserializer)?;
        Ok(FileUpload::new(name, Bytes::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_size_not_bytes() {
        let f = FileUpload::new("a.txt", b"secret bytes".to_vec()).with_content_type("text/plain");
        let shown = format!("{f:?}");
        assert!(
            shown.contains("a.txt") && shown.contains("len: 12"),
            "{shown}"
        );
        assert!(!shown.contains("secret"));
    }
}
