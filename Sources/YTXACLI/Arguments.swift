import YTXAFormats
import YTXAKit

/// A command's options and arguments, declared once and used both to parse and to print `--help`.
/// Modelled on swift-argument-parser's behaviour: `--name value` or `--name=value`, `--` ends
/// options, an unknown option is answered with the closest known one.
package struct CommandSpec: Sendable {
  /// One `--option`.
  package struct Option: Sendable {
    package var name: String
    /// The value's placeholder (`PATH`), or `nil` for a flag.
    package var value: String?
    /// Accepted values, when closed.
    package var allowed: [String]?
    /// What the option does, in English and in Vietnamese (`vi`; `--help` is in the user's
    /// language, Vietnamese by default).
    package var help: String
    package var vi: String

    package init(
      _ name: String, value: String? = nil, allowed: [String]? = nil, help: String, vi: String
    ) {
      self.name = name
      self.value = value
      self.allowed = allowed
      self.help = help
      self.vi = vi
    }
  }

  package var name: String
  package var summary: String
  package var summaryVi: String
  /// The positional arguments as shown in usage (`FILE...`).
  package var positionals: String
  package var minimumPositionals: Int
  package var maximumPositionals: Int
  package var options: [Option]
  package var discussion: String
  package var discussionVi: String

  package init(
    name: String, summary: String, summaryVi: String, positionals: String = "",
    minimumPositionals: Int = 0, maximumPositionals: Int = 0, options: [Option],
    discussion: String = "", discussionVi: String = ""
  ) {
    self.name = name
    self.summary = summary
    self.summaryVi = summaryVi
    self.positionals = positionals
    self.minimumPositionals = minimumPositionals
    self.maximumPositionals = maximumPositionals
    self.options =
      options + [Option("--help", help: "Show this help.", vi: "In phần hướng dẫn này.")]
    self.discussion = discussion
    self.discussionVi = discussionVi
  }

  /// The help text in `language` (Vietnamese by default, as every command's output).
  package func help(_ language: Language = .vi) -> String {
    var text =
      language.pick("TỔNG QUAN: \(summaryVi)", "OVERVIEW: \(summary)")
      + language.pick("\n\nCÁCH DÙNG: ytxa \(name)", "\n\nUSAGE: ytxa \(name)")
    for option in options where option.name != "--help" {
      text += option.value.map { " [\(option.name) \($0)]" } ?? " [\(option.name)]"
    }
    if !positionals.isEmpty { text += " \(positionals)" }
    text += language.pick("\n\nTÙY CHỌN:\n", "\n\nOPTIONS:\n")
    for option in options {
      var left = option.name + (option.value.map { " \($0)" } ?? "")
      if left.count < 24 {
        left += String(repeating: " ", count: 24 - left.count)
      } else {
        left += "  "
      }
      var help = language.pick(option.vi, option.help)
      if let allowed = option.allowed { help += " (\(allowed.joined(separator: "|")))" }
      text += "  \(left)\(help)\n"
    }
    let discussion = language.pick(discussionVi, self.discussion)
    if !discussion.isEmpty { text += "\n\(discussion)\n" }
    return text
  }

  /// Parses arguments (without the command words).
  package func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
        parsed.positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      if argument == "-h" || argument == "--help" {
        parsed.wantsHelp = true
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      guard let option = options.first(where: { $0.name == name }) else {
        let names = options.map(\.name)
        throw .init(
          command: self.name,
          message: Message("Không có tùy chọn '\(name)'.", "Unknown option '\(name)'.")
            + UsageError.hint(name, among: names))
      }
      guard option.value != nil else {
        if inlineValue != nil {
          throw .init(
            command: self.name,
            message: Message(
              "Cờ '\(name)' không nhận giá trị.", "The flag '\(name)' does not take a value."))
        }
        parsed.flags.insert(name)
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else if index < arguments.count, !arguments[index].hasPrefix("--") {
        value = arguments[index]
        index += 1
      } else {
        throw .init(
          command: self.name,
          message: Message(
            "Thiếu giá trị cho '\(name) \(option.value ?? "")'.",
            "Missing value for '\(name) \(option.value ?? "")'."))
      }
      try check(value, of: option, named: name, given: parsed)
      parsed.values[name] = value
    }
    if parsed.wantsHelp { return parsed }
    try checkPositionals(parsed.positionals)
    return parsed
  }

  /// A value must be one the option allows, and an option is given once.
  private func check(
    _ value: String, of option: Option, named name: String, given parsed: ParsedArguments
  )
    throws(UsageError)
  {
    if let allowed = option.allowed, !allowed.contains(value) {
      throw .init(
        command: self.name,
        message: Message(
          "Giá trị '\(value)' không hợp lệ cho '\(name)'; hợp lệ: ",
          "The value '\(value)' is invalid for '\(name)'; valid: ")
          + allowed.joined(separator: ", ") + "." + UsageError.hint(value, among: allowed))
    }
    if parsed.values[name] != nil {
      throw .init(
        command: self.name,
        message: Message(
          "Tùy chọn '\(name)' được ghi hai lần.", "The option '\(name)' is given twice."))
    }
  }

  /// As many positional arguments as the command takes.
  private func checkPositionals(_ positionals: [String]) throws(UsageError) {
    if positionals.count < minimumPositionals {
      throw .init(
        command: self.name,
        message: Message(
          "Thiếu tham số '\(self.positionals)'.",
          "Missing expected argument '\(self.positionals)'."))
    }
    if positionals.count > maximumPositionals {
      let extra = positionals[maximumPositionals]
      throw .init(
        command: self.name,
        message: Message("Tham số thừa '\(extra)'.", "Unexpected argument '\(extra)'."))
    }
  }
}

/// The result of parsing.
package struct ParsedArguments: Sendable {
  package var values: [String: String] = [:]
  package var flags: Set<String> = []
  package var positionals: [String] = []
  package var wantsHelp = false

  package subscript(option: String) -> String? { values[option] }

  /// An integer option within `range`.
  package func integer(_ option: String, in range: ClosedRange<Int>, command: String)
    throws(UsageError) -> Int?
  {
    guard let text = values[option] else { return nil }
    guard let value = Int(text), range.contains(value) else {
      throw .init(
        command: command,
        message: Message(
          "Giá trị '\(text)' không hợp lệ cho '\(option)'; cần một số nguyên từ "
            + "\(range.lowerBound) đến \(range.upperBound).",
          "The value '\(text)' is invalid for '\(option)'; expected a whole number from "
            + "\(range.lowerBound) to \(range.upperBound)."))
    }
    return value
  }
}

/// A usage error: printed with a pointer to `--help`, exit code 2.
package struct UsageError: Error, Equatable, Sendable {
  package var command: String
  package var message: Message

  package init(command: String, message: Message) {
    self.command = command
    self.message = message
  }

  /// The error and the pointer to `--help`, in `language`.
  package func text(_ language: Language) -> String {
    let help = "ytxa \(command.isEmpty ? "" : command + " ")--help"
    return language.pick(
      "Lỗi: \(message.vietnamese)\nCách dùng: xem '\(help)'.",
      "Error: \(message.english)\nUsage: see '\(help)'.")
  }

  /// ` Did you mean 'x'?` when `word` is a likely typo of one of `candidates`.
  static func hint(_ word: String, among candidates: [String]) -> Message {
    guard let best = closest(to: word, among: candidates) else { return Message(verbatim: "") }
    return Message(" Có phải '\(best)'?", " Did you mean '\(best)'?")
  }

  /// An unknown subcommand of `command`.
  static func unknownSubcommand(_ word: String, among subcommands: [String], of command: String)
    -> UsageError
  {
    UsageError(
      command: command,
      message: Message("Không có lệnh con '\(word)'.", "Unknown subcommand '\(word)'.")
        + hint(word, among: subcommands))
  }

  /// A required option that was not given.
  static func missingOption(_ option: String, of command: String) -> UsageError {
    UsageError(
      command: command,
      message: Message(
        "Thiếu tùy chọn bắt buộc '\(option)'.", "Missing expected option '\(option)'."))
  }

  /// The language the raw arguments ask for (`--lang en` or `--lang=en`), for errors found
  /// before they are parsed.
  package static func language(of arguments: [String]) -> Language {
    for (index, argument) in arguments.enumerated() {
      if argument == "--lang=en" { return .en }
      if argument == "--lang", index + 1 < arguments.count, arguments[index + 1] == "en" {
        return .en
      }
    }
    return .vi
  }
}
