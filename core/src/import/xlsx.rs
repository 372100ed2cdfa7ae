//! XLSX workbooks (feature `import`).

use super::layer::ImportError;
use super::table::Table;

/// Read the first non-empty worksheet of an XLSX workbook as a [`Table`].
pub fn read_xlsx(file_name: &str, _bytes: &[u8]) -> Result<Table, ImportError> {
    Err(ImportError::Xlsx {
        file: file_name.into(),
        message: "not implemented yet".into(),
    })
}
