import YTXAFormats

extension CommuneResult {
  /// The score object's pretty bytes, with `criteriaFile` when given (see
  /// ``JSONWriter/pretty(arrayElement:_:)``).
  package func prettyJSON(
    language: Language, criteriaFile: CriteriaSource?, arrayElement: Bool
  ) -> [UInt8] {
    JSONWriter.pretty(arrayElement: arrayElement) {
      write(to: &$0, language: language, criteriaFile: criteriaFile)
    }
  }
}

extension CommuneResult {
  /// The score object of the interfaces spec (§3) as pretty JSON text, keys sorted: what
  /// `ytxa score --format json` writes for one file (the library's JSON entry point).
  public func json(language: Language = .vi, criteriaFile: CriteriaSource? = nil) -> String {
    String(
      decoding: prettyJSON(language: language, criteriaFile: criteriaFile, arrayElement: false),
      as: UTF8.self)
  }
}

extension CheckResult {
  /// The check object's pretty bytes, with `criteriaFile` when given.
  package func prettyJSON(
    language: Language, criteriaFile: CriteriaSource?, arrayElement: Bool
  ) -> [UInt8] {
    JSONWriter.pretty(arrayElement: arrayElement) {
      write(to: &$0, language: language, criteriaFile: criteriaFile)
    }
  }
}
