import ArgumentParser
import Foundation
import SigilAdapters
import SigilCore
import SigilStore

/// Options every command that touches the store takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (default: $XDG_DATA_HOME/sigil/sigil.db).")
    var db: String?

    @Option(name: .long, help: "The region in new pool ids and ARNs.")
    var region: String = "us-east-1"

    @OptionGroup var account: AccountOption

    @Flag(name: .long, help: "Print JSON with the API's field names.")
    var json = false

    var databasePath: String { db ?? SQLiteStore.defaultPath() }

    func engine() async throws -> Engine {
        try await StoreOpening.open(databasePath) {
            try await EngineLoader.open(databasePath: databasePath, region: region, accountId: account.accountId)
        }
    }
}

/// The account id in ARNs (pools, roles, identity pools, providers).
struct AccountOption: ParsableArguments {
    @Option(help: "The AWS account id in ARNs (12 digits).")
    var accountId: String = "000000000000"

    func validate() throws {
        guard accountId.count == 12, accountId.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw ValidationError("--account-id must be 12 digits, not \(accountId)")
        }
    }
}

/// Opening a store, with its failures said plainly.
enum StoreOpening {
    static func open(_ path: String, _ body: () async throws -> Engine) async throws -> Engine {
        do {
            return try await body()
        } catch let error where error is CognitoError || error is EngineLoader.Failure || error is AtRestKey.Failure {
            // These already say what is wrong and what to do.
            throw error
        } catch {
            throw CognitoError.internalError("Could not open the store at \(path): \(error)")
        }
    }
}

/// The operator's threat-protection files, for the commands that sign users in.
struct ThreatProtectionOptions: ParsableArguments {
    @Option(
        name: .customLong("breached-passwords"),
        help:
            "A breached-password list checked besides the shipped one: a Have I Been Pwned SHA-1 file (HASH:count, sorted) or one password a line (repeatable)."
    )
    var breachedPasswords: [String] = []
    @Option(help: "An address → location table (cidr,country,city,latitude,longitude lines) instead of the shipped one.")
    var ipLocations: String?
    @Option(help: "Risk-scoring weights and thresholds (JSON; see README).") var riskModel: String?

    /// The files read, or a clear error naming the one that is wrong.
    func load() throws -> (RiskModel, IPLocationTable, BreachedPasswords) {
        do {
            return (
                try ThreatProtectionFiles.riskModel(riskModel), try ThreatProtectionFiles.ipLocations(ipLocations),
                try ThreatProtectionFiles.breachedPasswords(breachedPasswords)
            )
        } catch {
            throw CognitoError.invalidParameter("\(error)")
        }
    }
}

/// Settings of identity pools' credentials, for the commands that serve the API.
struct IdentityPoolOptions: ParsableArguments {
    @Option(help: "How long GetCredentialsForIdentity's credentials last, in seconds (900 to 43200).")
    var credentialLifetime: Int = 3_600

    func validate() throws {
        guard (900...43_200).contains(credentialLifetime) else {
            throw ValidationError("--credential-lifetime must be between 900 and 43200 seconds, not \(credentialLifetime).")
        }
    }
}

/// Where messages go beyond the outbox, for the commands that serve the API.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Send email through this SMTP server (HOST:PORT).") var smtp: String?
    @Option(help: "none, starttls or tls (TLS from the start, as on port 465).") var smtpSecurity: SMTPSettings.Security = .none
    @Option(help: "Sign in to the SMTP server as this user; the password is read from SIGIL_SMTP_PASSWORD.") var smtpUser: String?
    @Option(help: "Trust the authorities in this PEM file (instead of the system's) for the SMTP server's certificate.")
    var smtpCa: String?
    @Option(help: "POST each SMS as JSON to this URL ({to, message, poolId, username, purpose}).") var smsWebhook: String?

    func validate() throws {
        if let smtp { _ = try parsedSMTP(smtp) }
        if smtp == nil && (smtpUser != nil || smtpCa != nil || smtpSecurity != .none) {
            throw ValidationError("--smtp-user, --smtp-ca and --smtp-security go with --smtp HOST:PORT")
        }
        if smtpUser != nil && ProcessInfo.processInfo.environment["SIGIL_SMTP_PASSWORD"] == nil {
            throw ValidationError("--smtp-user needs the password in SIGIL_SMTP_PASSWORD")
        }
        if let smtpCa, !FileManager.default.isReadableFile(atPath: smtpCa) {
            throw ValidationError("--smtp-ca \(smtpCa) does not exist or cannot be read")
        }
        if let smsWebhook {
            guard let url = URL(string: smsWebhook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--sms-webhook takes an http(s) URL, not \(smsWebhook)")
            }
        }
    }

    private func parsedSMTP(_ text: String) throws -> (host: String, port: Int) {
        do { return try SMTPSettings.parse(text) } catch { throw ValidationError("\(error)") }
    }

    /// The delivery these options ask for, or nil (the outbox only).
    func delivery() throws -> MessageDelivery? {
        let server = try smtp.map { text -> SMTPSettings in
            let (host, port) = try parsedSMTP(text)
            return SMTPSettings(
                host: host, port: port, security: smtpSecurity, username: smtpUser,
                password: ProcessInfo.processInfo.environment["SIGIL_SMTP_PASSWORD"], caFile: smtpCa)
        }
        let webhook = smsWebhook.flatMap(URL.init(string:))
        return server == nil && webhook == nil ? nil : MessageDelivery(smtp: server, smsWebhook: webhook)
    }
}

extension SMTPSettings.Security: ExpressibleByArgument {}

/// `name=value`, as `--attribute` takes it.
struct AttributeArgument: ExpressibleByArgument {
    var attribute: AttributeType

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else { return nil }
        let name = String(argument[..<equals])
        guard !name.isEmpty else { return nil }
        attribute = AttributeType(name: name, value: String(argument[argument.index(after: equals)...]))
    }
}

/// A comma-separated list of an enum's raw values, e.g. `--flows ALLOW_USER_SRP_AUTH,ALLOW_REFRESH_TOKEN_AUTH`.
struct ListArgument<Value: RawRepresentable & CaseIterable>: ExpressibleByArgument where Value.RawValue == String {
    var values: [Value]

    init?(argument: String) {
        var values: [Value] = []
        for part in argument.split(separator: ",") {
            guard let value = Value(rawValue: part.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        self.values = values
    }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
}

extension UserPoolMfaType: ExpressibleByArgument {}
extension DeliveryMediumType: ExpressibleByArgument {}
