import Foundation

extension Engine {
    /// The largest CSV file a job accepts (Cognito's limit).
    public static let maxImportFileBytes = 100 * 1024 * 1024

    public func getCSVHeader(_ request: GetCSVHeaderRequest) async throws -> GetCSVHeaderResponse {
        try validator.validate(request, operation: .getCSVHeader)
        let pool = try await read { reader in try await requirePool(request.userPoolId, in: reader) }
        return GetCSVHeaderResponse(userPoolId: pool.id, csvHeader: Self.csvHeader(for: pool.pool))
    }

    /// Every schema attribute but `sub`, then `cognito:mfa_enabled` and `cognito:username`.
    static func csvHeader(for pool: UserPoolType) -> [String] {
        let attributes = (pool.schemaAttributes ?? StandardAttributes.all).compactMap(\.name)
            .filter { $0 != "sub" && $0 != "identities" }
        return attributes + ["cognito:mfa_enabled", "cognito:username"]
    }

    public func createUserImportJob(_ request: CreateUserImportJobRequest) async throws -> CreateUserImportJobResponse {
        try validator.validate(request, operation: .createUserImportJob)
        let now = clock.now
        let job = try await write { writer -> UserImportJobType in
            let stored = try await requirePool(request.userPoolId, in: writer)
            let id = Identifiers.importJobId()
            let job = UserImportJobType(
                jobName: request.jobName, jobId: id, userPoolId: stored.id,
                preSignedUrl: "\(configuration.endpoint)/_sigil/import/\(stored.id)/\(id)", creationDate: now,
                status: .created, cloudWatchLogsRoleArn: request.cloudWatchLogsRoleArn, importedUsers: 0,
                skippedUsers: 0, failedUsers: 0)
            try await writer.insertImportJob(ImportJobRecord(poolKey: stored.key, job: job))
            return job
        }
        return CreateUserImportJobResponse(userImportJob: job)
    }

    /// Receives the CSV file for a job (what a PUT to its PreSignedUrl does).
    public func uploadUserImportFile(poolId: String, jobId: String, csv: Data) async throws {
        guard csv.count <= Self.maxImportFileBytes else {
            throw CognitoError.invalidParameter("The CSV file is larger than 100 MB.")
        }
        try await write { writer in
            let record = try await requireImportJob(jobId, poolId: poolId, in: writer)
            guard record.job.status == .created else {
                throw CognitoError(.preconditionNotMetException, "A file can only be uploaded before the job starts.")
            }
            try await writer.saveImportFile(jobId: jobId, csv)
        }
    }

    /// Starts a created job, or continues one whose process ended while it ran, after the
    /// rows it had already dealt with.
    public func startUserImportJob(_ request: StartUserImportJobRequest) async throws -> StartUserImportJobResponse {
        try validator.validate(request, operation: .startUserImportJob)
        let job = try await write { writer -> UserImportJobType in
            var record = try await requireImportJob(request.jobId, poolId: request.userPoolId, in: writer)
            let resuming = Self.isInterrupted(record)
            guard record.job.status == .created || resuming else {
                throw CognitoError(
                    .preconditionNotMetException,
                    "The job \(request.jobId) is \(record.job.status?.rawValue ?? "unknown") and can not be started.")
            }
            record.job.status = .pending
            record.job.completionMessage = nil
            if !resuming { record.job.startDate = clock.now }
            record.heartbeat = Date()
            try await writer.updateImportJob(record)
            return record.job
        }
        return StartUserImportJobResponse(userImportJob: job)
    }

    /// How long a running job may go without a heartbeat (one per batch) before it counts
    /// as interrupted: its process was killed or the machine stopped.
    static let importHeartbeatTimeout: TimeInterval = 60

    /// Whether a pending or running job's process has gone.
    static func isInterrupted(_ record: ImportJobRecord, now: Date = Date()) -> Bool {
        guard record.job.status == .pending || record.job.status == .inProgress else { return false }
        guard let heartbeat = record.heartbeat else { return true }
        return now.timeIntervalSince(heartbeat) > importHeartbeatTimeout
    }

    /// The job as the API shows it: an interrupted one is Stopped, saying so and how to go on.
    static func presented(_ record: ImportJobRecord) -> UserImportJobType {
        guard isInterrupted(record) else { return record.job }
        var job = record.job
        job.status = .stopped
        job.completionMessage =
            "The job was interrupted after \(record.rowsDone) rows: the process running it ended. "
            + "StartUserImportJob continues it after those rows."
        return job
    }

    public func stopUserImportJob(_ request: StopUserImportJobRequest) async throws -> StopUserImportJobResponse {
        try validator.validate(request, operation: .stopUserImportJob)
        let job = try await write { writer -> UserImportJobType in
            var record = try await requireImportJob(request.jobId, poolId: request.userPoolId, in: writer)
            guard record.job.status == .pending || record.job.status == .inProgress else {
                throw CognitoError(
                    .preconditionNotMetException,
                    "The job \(request.jobId) is \(record.job.status?.rawValue ?? "unknown") and can not be stopped.")
            }
            record.job.status = .stopped
            record.job.completionDate = clock.now
            record.job.completionMessage = "The Import Job was stopped by the developer."
            try await writer.updateImportJob(record)
            return record.job
        }
        return StopUserImportJobResponse(userImportJob: job)
    }

    public func describeUserImportJob(_ request: DescribeUserImportJobRequest) async throws -> DescribeUserImportJobResponse {
        try validator.validate(request, operation: .describeUserImportJob)
        let record = try await read { reader in try await requireImportJob(request.jobId, poolId: request.userPoolId, in: reader) }
        return DescribeUserImportJobResponse(userImportJob: Self.presented(record))
    }

    public func listUserImportJobs(_ request: ListUserImportJobsRequest) async throws -> ListUserImportJobsResponse {
        try validator.validate(request, operation: .listUserImportJobs)
        let after = try request.paginationToken.map { try PageToken.decode($0, field: "PaginationToken") }
        let page = try await read { reader -> [ImportJobRecord] in
            let stored = try await requirePool(request.userPoolId, in: reader)
            return try await reader.importJobs(poolKey: stored.key, after: after, limit: request.maxResults + 1)
        }
        let shown = page.prefix(request.maxResults).map(Self.presented)
        return ListUserImportJobsResponse(
            userImportJobs: shown,
            paginationToken: page.count > request.maxResults ? shown.last?.jobId.map(PageToken.encode) : nil)
    }

    /// The rows of a job that failed or were skipped, with line numbers and reasons (what
    /// Cognito writes to the job's CloudWatch log).
    public func userImportErrors(poolId: String, jobId: String, limit: Int = 1_000) async throws -> [ImportJobRecord.RowError] {
        try await read { reader in
            _ = try await requireImportJob(jobId, poolId: poolId, in: reader)
            return try await reader.importErrors(jobId: jobId, limit: limit)
        }
    }

    /// Runs a started job: imports the file in batches, each in its own transaction with
    /// the job's counts, so the counts always match what was imported. A job stopped
    /// meanwhile ends after the current batch. `progress` gets (rows done, rows in all); if
    /// it throws, the run ends there as if its process had (the job stays in progress).
    @discardableResult
    public func runUserImportJob(poolId: String, jobId: String, batchSize: Int = 1_000, progress: (Int, Int) async throws -> Void = { _, _ in })
        async throws -> UserImportJobType
    {
        let (csv, header, alreadyDone) = try await write { writer -> (Data?, [String], Int) in
            var record = try await requireImportJob(jobId, poolId: poolId, in: writer)
            guard record.job.status == .pending else {
                throw CognitoError(.preconditionNotMetException, "The job \(jobId) has not been started or has already run.")
            }
            record.job.status = .inProgress
            record.heartbeat = Date()
            try await writer.updateImportJob(record)
            return await (try writer.importFile(jobId: jobId), Self.csvHeader(for: try requirePool(poolId, in: writer).pool), record.rowsDone)
        }
        let parsed: UserImportFile
        do {
            parsed = try UserImportFile(csv: csv, header: header)
        } catch let error as UserImportFile.Problem {
            return try await finishImport(jobId: jobId, poolId: poolId, status: .failed, message: error.message)
        }
        let rows = parsed.rows
        // A continued job picks up after the rows its earlier run committed.
        var done = min(alreadyDone, rows.count)
        try await progress(done, rows.count)
        while done < rows.count {
            let batch = rows[done..<min(done + batchSize, rows.count)]
            let outcome = try await write { writer -> BatchOutcome in
                var current = try await requireImportJob(jobId, poolId: poolId, in: writer)
                guard current.job.status == .inProgress else { return .stopped }
                // Another run took the job over (this one was thought gone): leave it to that one.
                guard current.rowsDone == done else { return .takenOver(Self.presented(current)) }
                let stored = try await requirePool(poolId, in: writer)
                var errors: [ImportJobRecord.RowError] = []
                for row in batch {
                    do {
                        try await importRow(row, file: parsed, into: stored, writer: writer)
                        current.job.importedUsers = (current.job.importedUsers ?? 0) + 1
                    } catch let problem as ImportRowProblem {
                        errors.append(
                            ImportJobRecord.RowError(line: row.line, outcome: problem.outcome, username: row.username, reason: problem.reason))
                        if problem.outcome == .skipped {
                            current.job.skippedUsers = (current.job.skippedUsers ?? 0) + 1
                        } else {
                            current.job.failedUsers = (current.job.failedUsers ?? 0) + 1
                        }
                    }
                }
                try await writer.appendImportErrors(jobId: jobId, errors)
                current.heartbeat = Date()
                try await writer.updateImportJob(current)
                return .imported
            }
            if case .takenOver(let job) = outcome { return job }
            if case .stopped = outcome { break }
            done += batch.count
            try await progress(done, rows.count)
        }
        return try await finishImport(jobId: jobId, poolId: poolId, status: .succeeded, message: "Import Job Completed Successfully.")
    }

    private enum BatchOutcome {
        case imported, stopped
        case takenOver(UserImportJobType)
    }

    private func finishImport(jobId: String, poolId: String, status: UserImportJobStatusType, message: String) async throws -> UserImportJobType {
        try await write { writer in
            var record = try await requireImportJob(jobId, poolId: poolId, in: writer)
            guard record.job.status == .inProgress else { return record.job }
            record.job.status = status
            record.job.completionDate = clock.now
            record.job.completionMessage = message
            try await writer.updateImportJob(record)
            return record.job
        }
    }

    /// Why one row was not imported.
    struct ImportRowProblem: Error {
        var outcome: ImportJobRecord.RowError.Outcome
        var reason: String

        static func failed(_ reason: String) -> ImportRowProblem { ImportRowProblem(outcome: .failed, reason: reason) }
    }

    private func importRow(_ row: UserImportFile.Row, file: UserImportFile, into stored: StoredPool, writer: any DirectoryWriter) async throws {
        let pool = stored.pool
        let rules = AttributeRules(pool: pool)
        guard row.values.count == file.columns.count else {
            throw ImportRowProblem.failed("The row has \(row.values.count) values but the header has \(file.columns.count) columns.")
        }
        var given: [AttributeType] = []
        var username = ""
        var mfaEnabled = false
        for (column, value) in zip(file.columns, row.values) {
            let value = value.trimmingCharacters(in: .whitespaces)
            switch column {
            case "cognito:username": username = value
            case "cognito:mfa_enabled":
                let flag = value.lowercased()
                guard flag.isEmpty || flag == "true" || flag == "false" else {
                    throw ImportRowProblem.failed("cognito:mfa_enabled must be true or false.")
                }
                mfaEnabled = flag == "true"
            default:
                if !value.isEmpty { given.append(AttributeType(name: column, value: value)) }
            }
        }
        guard !username.isEmpty else { throw ImportRowProblem.failed("cognito:username is required.") }
        guard !username.contains(where: { $0.isWhitespace }) else {
            throw ImportRowProblem.failed("cognito:username must not contain spaces or tabs.")
        }
        var attributes: [String: String]
        do {
            attributes = try rules.checked(given, creating: true)
        } catch let error as CognitoError {
            throw ImportRowProblem.failed(error.message)
        }
        let sub = Identifiers.sub()
        var internalName = username
        if let kinds = pool.usernameAttributes, !kinds.isEmpty {
            let matches = kinds.contains { attributes[$0.rawValue] == username }
            guard matches else {
                throw ImportRowProblem.failed("cognito:username must equal the user's \(kinds.map(\.rawValue).joined(separator: " or ")).")
            }
            internalName = sub
        }
        for name in ["email", "phone_number"] where attributes[name + "_verified"] == "true" && attributes[name] == nil {
            throw ImportRowProblem.failed("\(name)_verified is true but \(name) is empty.")
        }
        if let autoVerified = pool.autoVerifiedAttributes, !autoVerified.isEmpty,
            !autoVerified.contains(where: { attributes[$0.rawValue + "_verified"] == "true" })
        {
            throw ImportRowProblem.failed(
                "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).")
        }
        let missing = rules.missingRequired(in: attributes)
        if !missing.isEmpty {
            throw ImportRowProblem.failed("The required attribute \(missing.joined(separator: ", ")) is missing.")
        }
        let existing = try await writer.user(poolKey: stored.key, usernameKey: usernameKey(internalName, in: pool))
        let sameSub = internalName == sub ? try await findUser(username, in: stored, reader: writer, scope: .signIn) : nil
        if existing != nil || sameSub != nil {
            throw ImportRowProblem(outcome: .skipped, reason: "The user already exists.")
        }
        for alias in pool.aliasAttributes ?? [] where alias != .preferredUsername {
            let column: SearchColumn = alias == .email ? .email : .phoneNumber
            if let value = attributes[alias.rawValue], attributes[alias.rawValue + "_verified"] == "true",
                try await owner(of: column, value: value, in: stored, reader: writer, verifiedOnly: true) != nil
            {
                throw ImportRowProblem.failed("An account with the given \(alias.rawValue) already exists.")
            }
        }
        // cognito:mfa_enabled turns on SMS codes, which need a phone number.
        if mfaEnabled && (attributes["phone_number"] ?? "").isEmpty {
            throw ImportRowProblem.failed("cognito:mfa_enabled is true but phone_number is empty.")
        }
        attributes["sub"] = sub
        let now = clock.now
        var security = UserSecurity()
        security.smsMfaEnabled = mfaEnabled
        _ = try await writer.insertUser(
            UserRecord(
                poolKey: stored.key, username: internalName, usernameKey: usernameKey(internalName, in: pool),
                status: .resetRequired, created: now, modified: now, attributes: attributes, security: security))
    }

    func requireImportJob(_ jobId: String, poolId: String, in reader: any DirectoryReader) async throws -> ImportJobRecord {
        let stored = try await requirePool(poolId, in: reader)
        guard let record = try await reader.importJob(poolKey: stored.key, id: jobId) else {
            throw CognitoError.resourceNotFound("Import job \(jobId) does not exist.")
        }
        return record
    }
}
