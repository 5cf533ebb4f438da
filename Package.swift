// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "ytxa",
  products: [
    .executable(name: "ytxa", targets: ["ytxa"]),
    .library(name: "YTXAKit", targets: ["YTXAKit"]),
  ],
  targets: [
    // Formats and the system layer, free of the domain: JSON, CSV, XML, zip and inflate, xlsx
    // read and write, SHA-256, exact decimals, messages in two languages; files, atomic output,
    // output folders, the ordered parallel map. Imports nothing of the engine.
    .target(name: "YTXAFormats", dependencies: ["CYTXASHA"]),
    // SHA-256 blocks through the processor's SHA instructions (x86-64, ARMv8), detected at run
    // time: a few lines of C in this package for the intrinsics Swift cannot name, not a
    // dependency. The portable Swift code in YTXAFormats is the fallback.
    .target(name: "CYTXASHA"),
    // The engine: criteria, evidence, units, scoring, repair plans, recognition, roadmaps,
    // health plans, audit, batch and the reports. Never prints.
    .target(name: "YTXAKit", dependencies: ["YTXAFormats"]),
    // The server's store (accounts, audit log) and, later, its pages: `ytxa serve`.
    .target(name: "YTXAServe", dependencies: ["YTXAKit", "YTXAFormats"]),
    // Argument parsing and the commands; writes to the streams it is given.
    .target(name: "YTXACLI", dependencies: ["YTXAKit", "YTXAFormats", "YTXAServe"]),
    // The thin executable: hands over to YTXACLI.
    .executableTarget(name: "ytxa", dependencies: ["YTXACLI"]),
    // The batch benchmark (not part of swift test): swift run -c release ytxa-bench.
    .executableTarget(name: "ytxa-bench", path: "Benchmarks/ytxa-bench"),
    .testTarget(
      name: "YTXAKitTests",
      dependencies: ["YTXAFormats", "YTXAKit", "YTXAServe", "YTXACLI", "ytxa"],
      exclude: ["Golden", "Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
