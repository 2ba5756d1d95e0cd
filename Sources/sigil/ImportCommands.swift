import ArgumentParser
import Foundation
import SigilCore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import users from a CSV file in Cognito's format.",
        subcommands: [Run.self, Resume.self, Header.self, List.self, Describe.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an import job for a CSV file, run it, and report each row that was not imported.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The CSV file (its header as `sigil import header` prints it).") var file: String
        @Option(help: "A name for the job.") var name: String = "sigil-import"

        func run() async throws {
            guard let csv = FileManager.default.contents(atPath: file) else {
                throw CognitoError.invalidParameter("Could not read the CSV file \(file)")
            }
            let engine = try await store.engine()
            let created = try await engine.createUserImportJob(
                CreateUserImportJobRequest(
                    jobName: name, userPoolId: pool, cloudWatchLogsRoleArn: engine.roleArn(name: "sigil-import")))
            guard let jobId = created.userImportJob?.jobId else { return }
            try await engine.uploadUserImportFile(poolId: pool, jobId: jobId, csv: csv)
            _ = try await engine.startUserImportJob(StartUserImportJobRequest(userPoolId: pool, jobId: jobId))
            try await ImportCommand.runAndReport(engine: engine, pool: pool, jobId: jobId, json: store.json)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Continue a job whose process ended while it ran, after the rows it had already dealt with.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The job id.") var job: String

        func run() async throws {
            let engine = try await store.engine()
            _ = try await engine.startUserImportJob(StartUserImportJobRequest(userPoolId: pool, jobId: job))
            try await ImportCommand.runAndReport(engine: engine, pool: pool, jobId: job, json: store.json)
        }
    }

    /// Runs a started job with a progress line, then prints how it ended and each row not imported.
    static func runAndReport(engine: Engine, pool: String, jobId: String, json: Bool) async throws {
        let progress = ProgressReporter("Importing")
        let job = try await engine.runUserImportJob(poolId: pool, jobId: jobId) { progress.update($0, $1) }
        let errors = try await engine.userImportErrors(poolId: pool, jobId: jobId)
        if json { return try Output.json(DescribeUserImportJobResponse(userImportJob: job)) }
        print("Job \(jobId): \(job.status?.rawValue ?? "") — \(job.completionMessage ?? "")")
        print("Imported \(job.importedUsers ?? 0), skipped \(job.skippedUsers ?? 0), failed \(job.failedUsers ?? 0)")
        for error in errors {
            print("[\(error.outcome.rawValue)] Line \(error.line)\(error.username.map { " (\($0))" } ?? ""): \(error.reason)")
        }
    }

    struct Header: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the CSV header the pool expects (GetCSVHeader).")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let response = try await store.engine().getCSVHeader(GetCSVHeaderRequest(userPoolId: pool))
            if store.json { return try Output.json(response) }
            print((response.csvHeader ?? []).joined(separator: ","))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a pool's import jobs, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String

        func run() async throws {
            let response = try await store.engine().listUserImportJobs(ListUserImportJobsRequest(userPoolId: pool, maxResults: 60))
            if store.json { return try Output.json(response) }
            Output.table(
                ["JOB", "NAME", "STATUS", "IMPORTED", "SKIPPED", "FAILED"],
                (response.userImportJobs ?? []).map {
                    [
                        $0.jobId ?? "", $0.jobName ?? "", $0.status?.rawValue ?? "", String($0.importedUsers ?? 0),
                        String($0.skippedUsers ?? 0), String($0.failedUsers ?? 0),
                    ]
                })
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an import job and the rows it did not import.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The pool id.") var pool: String
        @Option(help: "The job id.") var job: String

        func run() async throws {
            let engine = try await store.engine()
            let response = try await engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: pool, jobId: job))
            if store.json { return try Output.json(response) }
            let job = response.userImportJob
            print("\(job?.jobId ?? "") \(job?.status?.rawValue ?? ""): \(job?.completionMessage ?? "")")
            print("Imported \(job?.importedUsers ?? 0), skipped \(job?.skippedUsers ?? 0), failed \(job?.failedUsers ?? 0)")
            for error in try await engine.userImportErrors(poolId: pool, jobId: self.job) {
                print("[\(error.outcome.rawValue)] Line \(error.line): \(error.reason)")
            }
        }
    }
}
