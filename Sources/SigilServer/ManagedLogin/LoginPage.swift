import Foundation
import SigilCore

/// One managed login page to render: its template, title and values, with what every
/// page shares (the app's name, branding, the hidden fields that carry the authorize
/// request, the form token).
struct LoginPage {
    var template: String
    var title: String
    var request: AuthorizeRequest?
    var settings: LoginPageSettings?
    var error: String?
    var notice: String?
    var values: [String: Any] = [:]

    func context(csrf: String) -> [String: Any] {
        var context = values
        context["title"] = title
        context["lang"] = request?.lang ?? "en"
        context["csrf"] = csrf
        context["error"] = error
        context["notice"] = notice
        if let request {
            context["appName"] = request.clientName
            context["params"] = request.parameters.map { ["name": $0.name, "value": $0.value] }
            context["query"] = Engine.formEncoded(request.parameters.map { ($0.name, $0.value) })
            context["allowsSignUp"] = request.allowsSignUp
            let (label, type, noun) = Self.usernameField(request.usernameKind)
            context["usernameLabel"] = label
            context["usernameType"] = type
            context["usernameNoun"] = noun
        } else {
            context["appName"] = "Sigil"
        }
        let palette = settings?.palette ?? LoginPalette.standard
        context["palettePage"] = palette.page.map { ["role": $0.role, "value": $0.value] }
        context["paletteDark"] = palette.prefersDark.map { ["role": $0.role, "value": $0.value] }
        if let settings {
            context["customCSS"] = Pages.safeCSS(settings.css)
            context["logoURL"] = settings.logoURL
            context["terms"] = settings.terms.map { ["label": $0.label, "url": $0.url] }
            context["hasTerms"] = !settings.terms.isEmpty
            context["passwordRules"] = settings.passwordRules
            context["hasPasswordRules"] = !settings.passwordRules.isEmpty
        }
        return context
    }

    /// What a person is told when they left a field empty: the first one they did, or nil.
    static func missing(_ form: [String: String], _ fields: [(name: String, prompt: String)]) -> String? {
        fields.first { (form[$0.name] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }?.prompt
    }

    static func usernameField(_ kind: String) -> (label: String, type: String, noun: String) {
        switch kind {
        case "email": return ("Email", "email", "email address")
        case "phone_number": return ("Phone number", "tel", "phone number")
        default: return ("Username", "text", "username")
        }
    }

    /// Inputs for attributes: a label a person reads and the right input type.
    static func attributeFields(_ names: [String], values: [String: String] = [:]) -> [[String: Any]] {
        names.map { name in
            let (label, type, autocomplete): (String, String, String) =
                switch name {
                case "email": ("Email", "email", "email")
                case "phone_number": ("Phone number", "tel", "tel")
                case "given_name": ("Given name", "text", "given-name")
                case "family_name": ("Family name", "text", "family-name")
                case "name": ("Name", "text", "name")
                case "birthdate": ("Birth date (YYYY-MM-DD)", "text", "bday")
                case "address": ("Address", "text", "street-address")
                case "website": ("Website", "url", "url")
                default: (name.replacingOccurrences(of: "custom:", with: "").replacingOccurrences(of: "_", with: " ").capitalized, "text", "off")
                }
            return ["name": name, "label": label, "type": type, "autocomplete": autocomplete, "value": values[name] ?? ""]
        }
    }

    /// "We sent a code by email to a***@e***." from a code delivery.
    static func deliveryText(medium: String?, destination: String?) -> String {
        guard let destination, !destination.isEmpty else { return "Enter the code we sent you." }
        let how = medium == "SMS" ? "by text message" : "by email"
        return "We sent a code \(how) to \(destination). Enter it below."
    }
}
