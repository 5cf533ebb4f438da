import YTXAFormats

// What a library user of `import YTXAKit` needs from the formats layer, under the same names,
// so that `import YTXAKit` stays enough: the report language, two-language messages, and exact
// decimals and fractions (evidence values, thresholds and percentages); the problems a criteria
// file can have.

/// The language of human-readable reports (``YTXAFormats/Language``).
public typealias Language = YTXAFormats.Language
/// A text in Vietnamese and English (``YTXAFormats/Message``).
public typealias Message = YTXAFormats.Message
/// An exact decimal number (``YTXAFormats/ExactDecimal``).
public typealias ExactDecimal = YTXAFormats.ExactDecimal
/// An exact fraction (``YTXAFormats/Fraction``).
public typealias Fraction = YTXAFormats.Fraction
/// One problem of a file, at a field's path (``YTXAFormats/FieldProblem``), as
/// ``CriteriaError/invalid(file:problems:)`` lists them.
public typealias FieldProblem = YTXAFormats.FieldProblem
/// Where and why a file is not JSON (``YTXAFormats/JSONSyntaxError``).
public typealias JSONSyntaxError = YTXAFormats.JSONSyntaxError
