import Foundation

/// The example trigger handlers (the `triggers` folder), shipped with Sigil for
/// `sigil demo --triggers`.
public enum TriggerExamples {
    /// The folder holding `python/` and `node/`.
    public static var folder: URL? { Bundle.module.url(forResource: "triggers", withExtension: nil) }
}
