"""PDF and file exports, fed by plain data objects (arrives with the PDF issue)."""
