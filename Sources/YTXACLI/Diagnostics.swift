import Foundation
import YTXAFormats
import YTXAKit

extension Console {
  /// Whether a binary format may go to stdout; when stdout is a terminal, says how to redirect
  /// it and returns `false`.
  func mayWriteBinary(_ format: String, _ language: Language) -> Bool {
    guard isOutputTerminal else { return true }
    error(
      "--format \(format) là tệp nhị phân, không in ra màn hình; hãy chuyển vào tệp: "
        + "... --format \(format) > tệp.\(format)",
      "--format \(format) is a binary file and is not printed to a terminal; redirect it: "
        + "... --format \(format) > file.\(format)", language)
    return false
  }

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
    case let error as UnitRegistryError: self.init(verbatim: error.description)
    case let error as any LocalizedError where error.errorDescription != nil:
      self.init(verbatim: error.errorDescription ?? "")
    case let error as any CustomStringConvertible: self.init(verbatim: error.description)
    default:
      // Never a Swift value (a case name and its fields) in front of a user.
      self.init(
        "lỗi không xác định trong ytxa; hãy báo cho người quản trị kèm lệnh đã chạy",
        "unexpected error in ytxa; please report it with the command that was run")
    }
  }
}

extension Console {
  /// The code `text` gives for `option` (`--commune`, `--province`, …; `nil` for a positional
  /// argument), or `nil` after saying why it is not one.
  func code<Code: AdministrativeCode>(
    _ text: String, option: String?, _ language: Language, as type: Code.Type = Code.self
  ) -> Code? {
    switch Code.parse(text) {
    case .success(let code): return code
    case .failure(let problem):
      error((option.map { $0 + ": " } ?? "") + problem.message + ".", language)
      return nil
    }
  }

  /// The day `text` gives for `option` (a real day of 2000–2100), or `nil` after saying why not.
  func day(_ text: String, option: String, _ language: Language) -> Day? {
    guard let day = Day(iso: text), (2000...2100).contains(day.year) else {
      error(
        "\(option): \"\(text)\" không phải là ngày; viết YYYY-MM-DD (2000–2100).",
        "\(option): \"\(text)\" is not a day; write YYYY-MM-DD (2000–2100).", language)
      return nil
    }
    return day
  }
}
