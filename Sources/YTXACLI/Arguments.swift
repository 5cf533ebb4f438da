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
    package var help: String

    package init(_ name: String, value: String? = nil, allowed: [String]? = nil, help: String) {
      self.name = name
      self.value = value
      self.allowed = allowed
      self.help = help
    }
  }

  package var name: String
  package var summary: String
  /// The positional arguments as shown in usage (`FILE...`).
  package var positionals: String
  package var minimumPositionals: Int
  package var maximumPositionals: Int
  package var options: [Option]
  package var discussion: String

  package init(
    name: String, summary: String, positionals: String = "", minimumPositionals: Int = 0,
    maximumPositionals: Int = 0, options: [Option], discussion: String = ""
  ) {
    self.name = name
    self.summary = summary
    self.positionals = positionals
    self.minimumPositionals = minimumPositionals
    self.maximumPositionals = maximumPositionals
    self.options = options + [Option("--help", help: "Show this help.")]
    self.discussion = discussion
  }

  /// The help text.
  package var help: String {
    var text = "OVERVIEW: \(summary)\n\nUSAGE: ytxa \(name)"
    for option in options where option.name != "--help" {
      text += option.value.map { " [\(option.name) \($0)]" } ?? " [\(option.name)]"
    }
    if !positionals.isEmpty { text += " \(positionals)" }
    text += "\n\nOPTIONS:\n"
    for option in options {
      var left = option.name + (option.value.map { " \($0)" } ?? "")
      if left.count < 24 {
        left += String(repeating: " ", count: 24 - left.count)
      } else {
        left += "  "
      }
      var help = option.help
      if let allowed = option.allowed { help += " (\(allowed.joined(separator: "|")))" }
      text += "  \(left)\(help)\n"
    }
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
        let hint = closest(to: name, among: names).map { " Did you mean '\($0)'?" } ?? ""
        throw .init(command: self.name, message: "Unknown option '\(name)'.\(hint)")
      }
      guard option.value != nil else {
        if inlineValue != nil {
          throw .init(command: self.name, message: "The flag '\(name)' does not take a value.")
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
          command: self.name, message: "Missing value for '\(name) \(option.value ?? "")'.")
      }
      if let allowed = option.allowed, !allowed.contains(value) {
        let hint = closest(to: value, among: allowed).map { " Did you mean '\($0)'?" } ?? ""
        throw .init(
          command: self.name,
          message: "The value '\(value)' is invalid for '\(name)'; valid: "
            + allowed.joined(separator: ", ") + ".\(hint)")
      }
      if parsed.values[name] != nil {
        throw .init(command: self.name, message: "The option '\(name)' is given twice.")
      }
      parsed.values[name] = value
    }
    if parsed.wantsHelp { return parsed }
    if parsed.positionals.count < minimumPositionals {
      throw .init(command: self.name, message: "Missing expected argument '\(positionals)'.")
    }
    if parsed.positionals.count > maximumPositionals {
      let extra = parsed.positionals[maximumPositionals]
      throw .init(command: self.name, message: "Unexpected argument '\(extra)'.")
    }
    return parsed
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
        message: "The value '\(text)' is invalid for '\(option)'; expected a whole number from "
          + "\(range.lowerBound) to \(range.upperBound).")
    }
    return value
  }
}

/// A usage error: printed with a pointer to `--help`, exit code 2.
package struct UsageError: Error, Equatable, Sendable {
  package var command: String
  package var message: String

  package init(command: String, message: String) {
    self.command = command
    self.message = message
  }

  package var text: String {
    "Error: \(message)\nUsage: see 'ytxa \(command.isEmpty ? "" : command + " ")--help'."
  }
}
