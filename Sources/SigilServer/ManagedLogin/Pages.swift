import Foundation
import Mustache

/// The managed login page templates (`Pages/*.mustache`), loaded once. Values are
/// HTML-escaped by the templates; only the operator's CSS goes in raw, and it has been
/// checked (SetUICustomization) and cannot close its `<style>` element.
enum Pages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "Pages", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { return library }
        for file in files where file.pathExtension == "mustache" {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            try? library.register(text, named: file.deletingPathExtension().lastPathComponent)
        }
        return library
    }()

    /// The page, or a plain message if the template is missing (a broken install).
    static func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? "The page \(template) is missing from this installation of Sigil."
    }

    /// CSS that cannot end the `<style>` element it is put in.
    static func safeCSS(_ css: String?) -> String {
        (css ?? "").replacingOccurrences(of: "<", with: "")
    }
}
