import YTXAKit

extension Console {
  /// An error line on stderr: `Lỗi: …` or `Error: …`, by `language`.
  func error(_ message: Message, _ language: Language) {
    err(language.pick("Lỗi: ", "Error: ") + language(message) + "\n")
  }

  /// An error line whose text is given in both languages.
  func error(_ vietnamese: String, _ english: String, _ language: Language) {
    error(Message(vietnamese, english), language)
  }
}

extension ParsedArguments {
  /// The language `--lang` asks for (Vietnamese by default).
  var language: Language { Language(rawValue: self["--lang"] ?? "vi") ?? .vi }
}

extension Message {
  /// What `error` says, in both languages where the error knows them (criteria, evidence,
  /// registry), else as its description.
  init(describing error: any Error) {
    switch error {
    case let error as CriteriaError: self = error.message
    case let error as EvidenceError: self = error.messages.joined(separator: "\n")
    case let error as FileWriteError:
      self.init("\(error.path): không ghi được: \(error.reason)", error.description)
    default: self.init(verbatim: "\(error)")
    }
  }
}
