import YTXAFormats

// What a library user of `import YTXAKit` needs from the formats layer, under the same names,
// so that `import YTXAKit` stays enough: the report language, two-language messages, and exact
// decimals (evidence values, thresholds and percentages).

/// The language of human-readable reports (``YTXAFormats/Language``).
public typealias Language = YTXAFormats.Language
/// A text in Vietnamese and English (``YTXAFormats/Message``).
public typealias Message = YTXAFormats.Message
/// An exact decimal number (``YTXAFormats/ExactDecimal``).
public typealias ExactDecimal = YTXAFormats.ExactDecimal
