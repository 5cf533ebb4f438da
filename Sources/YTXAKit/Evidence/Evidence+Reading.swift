import YTXAFormats

extension Evidence {
  /// What reading an evidence file gave: the evidence and the set it was validated against, or
  /// the set could not be had (the file names none, or one that cannot be loaded).
  package enum Reading {
    case read(Evidence, CriteriaSet)
    case noCriteria(CriteriaError)
  }

  /// Reads and validates the evidence file at `path` (named `file` in messages) against the set
  /// `criteria` gives for the id the file names: through the byte-level fast path when the file
  /// takes it (``EvidenceFastPath``, the batch's reader), else through the JSON tree, which
  /// explains every problem. Both apply the same rules (``EvidenceRules``), so the result is the
  /// same either way; `score` and `check` read files through this, as the batch does.
  package static func read(
    _ source: BatchSource, criteria: (String?) -> Result<CriteriaSet, CriteriaError>
  ) throws(EvidenceError) -> Reading {
    switch source {
    case .file(let path):
      return try read(path: path, file: OSName.display(path), criteria: criteria)
    case .csvRow(let file, let row, let fields):
      return try BatchCSV.read(fields: fields, file: file, row: row, criteria: criteria).reading
        .get()
    }
  }

  private static func read(
    path: String, file: String, criteria: (String?) -> Result<CriteriaSet, CriteriaError>
  ) throws(EvidenceError) -> Reading {
    let bytes = try EvidenceDocument.bytes(path: path, file: file)
    if let (positional, set) = EvidenceFastPath.read(
      bytes, file: file, resolve: { try? criteria($0).get() })
    {
      return .read(positional.evidence(criteria: set), set)
    }
    let document = try EvidenceDocument(data: bytes, file: file)
    switch criteria(document.criteriaSetID) {
    case .success(let set): return .read(try Evidence(document: document, criteria: set), set)
    case .failure(let error): return .noCriteria(error)
    }
  }
}
