import Foundation
import SigilCore
import Testing

@Suite struct UserImportTests {
    let test: TestEngine
    let poolId: String

    init() throws {
        test = try TestEngine()
        poolId = try test.pool(CreateUserPoolRequest(poolName: "p", autoVerifiedAttributes: [.email]))
    }

    func job() throws -> String {
        try test.engine.createUserImportJob(
            CreateUserImportJobRequest(jobName: "j", userPoolId: poolId, cloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/import")
        ).userImportJob!.jobId!
    }

    func run(_ csv: String) throws -> (UserImportJobType, [ImportJobRecord.RowError]) {
        let id = try job()
        try test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let result = try test.engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 2)
        return (result, try test.engine.userImportErrors(poolId: poolId, jobId: id))
    }

    @Test func headerListsTheSchemaThenCognitoColumns() throws {
        let header = try test.engine.getCSVHeader(GetCSVHeaderRequest(userPoolId: poolId))
        #expect(
            header.csvHeader == [
                "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
                "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address",
                "updated_at", "cognito:mfa_enabled", "cognito:username",
            ])
        expectError(.resourceNotFoundException) { _ = try test.engine.getCSVHeader(GetCSVHeaderRequest(userPoolId: "us-east-1_NotThere1")) }
    }

    @Test func createdJobsLookLikeCognitos() throws {
        let created = try test.engine.createUserImportJob(
            CreateUserImportJobRequest(jobName: "j", userPoolId: poolId, cloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/import")
        ).userImportJob!
        #expect(created.jobId?.wholeMatch(of: /import-[A-Za-z0-9]{10}/) != nil)
        #expect(created.status == .created)
        #expect(created.importedUsers == 0 && created.skippedUsers == 0 && created.failedUsers == 0)
        #expect(created.preSignedUrl?.hasPrefix("http://localhost:9229/") == true)
        expectError(.invalidParameterException) {
            _ = try test.engine.createUserImportJob(CreateUserImportJobRequest(jobName: "j", userPoolId: poolId, cloudWatchLogsRoleArn: "not-an-arn"))
        }
    }

    @Test func importsGoodRowsAndReportsBadOnesByLine() throws {
        let csv = """
            cognito:username,email,email_verified,name,cognito:mfa_enabled,phone_number
            ann,ann@example.com,true,Ann,false,
            bob,bob@example.com,false,Bob,false,
            carl,carl@example.com,true,"Carl, Jr.",true,+15555550100
            dora,not-an-email,true,Dora,false,
            ann,ann2@example.com,true,Ann Again,false,
            eve,eve@example.com,true,Eve\\, the Second,false,
            fay,fay@example.com,true,Fay,maybe,
            gus,gus@example.com,true
            """
        let (job, errors) = try run(csv)
        #expect(job.status == .succeeded)
        #expect(job.completionMessage == "Import Job Completed Successfully.")
        #expect(job.importedUsers == 3)
        #expect(job.skippedUsers == 1)
        #expect(job.failedUsers == 4)
        #expect(errors.map(\.line) == [3, 5, 6, 8, 9])
        #expect(
            errors.first { $0.line == 3 }?.reason
                == "The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).")
        #expect(errors.first { $0.line == 5 }?.reason == "Invalid email address format.")
        #expect(errors.first { $0.line == 6 }?.outcome == .skipped)
        #expect(errors.first { $0.line == 8 }?.reason == "cognito:mfa_enabled must be true or false.")
        #expect(errors.first { $0.line == 9 }?.reason.contains("header has 6 columns") == true)

        let carl = try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "carl"))
        #expect(carl.userStatus == .resetRequired)
        #expect(carl.userAttributes?["name"] == "Carl, Jr.")
        #expect(carl.userMFASettingList == ["SMS_MFA"])
        #expect(try test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "eve")).userAttributes?["name"] == "Eve, the Second")
        #expect(try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 3)
    }

    @Test func aBadFileFailsTheWholeJob() throws {
        let (unknown, _) = try run("cognito:username,shoe_size\nann,9\n")
        #expect(unknown.status == .failed)
        #expect(unknown.completionMessage == "The CSV header has a column that is not in the user pool's CSV header: shoe_size")
        let (noUsername, _) = try run("email,email_verified\nann@example.com,true\n")
        #expect(noUsername.status == .failed)
        let (unclosed, _) = try run("cognito:username,name\nann,\"Ann\n")
        #expect(unclosed.completionMessage?.contains("line 2") == true)
        let id = try job()
        _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let empty = try test.engine.runUserImportJob(poolId: poolId, jobId: id)
        #expect(empty.status == .failed && empty.completionMessage == "No CSV file was uploaded for this job.")
        #expect(try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 0)
    }

    @Test func jobStates() throws {
        let id = try job()
        expectError(.preconditionNotMetException) {
            _ = try test.engine.stopUserImportJob(StopUserImportJobRequest(userPoolId: poolId, jobId: id))
        }
        _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        expectError(.preconditionNotMetException) {
            _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        }
        expectError(.preconditionNotMetException) {
            try test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data("cognito:username\nx\n".utf8))
        }
        let stopped = try test.engine.stopUserImportJob(StopUserImportJobRequest(userPoolId: poolId, jobId: id)).userImportJob!
        #expect(stopped.status == .stopped && stopped.completionMessage == "The Import Job was stopped by the developer.")
        expectError(.preconditionNotMetException) { _ = try test.engine.runUserImportJob(poolId: poolId, jobId: id) }
        expectError(.resourceNotFoundException) {
            _ = try test.engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: poolId, jobId: "import-NotThere12"))
        }
        #expect(try test.engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: poolId, jobId: id)).userImportJob?.status == .stopped)
    }

    @Test func stoppingDuringARunEndsItAfterTheCurrentBatch() throws {
        var csv = "cognito:username,email,email_verified\n"
        for index in 0..<10 { csv += "user\(index),user\(index)@example.com,true\n" }
        let id = try job()
        try test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let engine = test.engine
        let poolId = self.poolId
        let job = try engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in
            if done == 3 { _ = try? engine.stopUserImportJob(StopUserImportJobRequest(userPoolId: poolId, jobId: id)) }
        }
        #expect(job.status == .stopped)
        #expect(job.importedUsers == 3)
        #expect(try engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 3)
    }

    /// A job whose process dies mid-run is shown as stopped, saying why, and StartUserImportJob
    /// continues it after the rows already imported.
    @Test func anInterruptedJobCanBeContinued() throws {
        struct ProcessDied: Error {}
        var csv = "cognito:username,email,email_verified\n"
        for index in 0..<10 { csv += "user\(index),user\(index)@example.com,true\n" }
        csv += "user3,dup@example.com,true\n"
        let id = try job()
        try test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        #expect(throws: ProcessDied.self) {
            try test.engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in if done == 6 { throw ProcessDied() } }
        }
        let describe = { try self.test.engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: self.poolId, jobId: id)).userImportJob! }
        #expect(try describe().status == .inProgress, "while its heartbeat is fresh it may still be running")
        expectError(.preconditionNotMetException) {
            _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        }
        // A minute without a heartbeat: the run is over.
        try test.engine.store.write { writer in
            let stored = try #require(try writer.pool(id: poolId))
            var record = try #require(try writer.importJob(poolKey: stored.key, id: id))
            record.heartbeat = Date(timeIntervalSinceNow: -120)
            try writer.updateImportJob(record)
        }
        let interrupted = try describe()
        #expect(interrupted.status == .stopped)
        #expect(interrupted.completionMessage?.contains("interrupted after 6 rows") == true)
        #expect(
            try test.engine.listUserImportJobs(ListUserImportJobsRequest(userPoolId: poolId, maxResults: 10)).userImportJobs?.first?.status
                == .stopped)

        _ = try test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let finished = try test.engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3)
        #expect(finished.status == .succeeded)
        #expect(finished.importedUsers == 10 && (finished.failedUsers ?? 0) + (finished.skippedUsers ?? 0) == 1)
        #expect(try test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 10)
        #expect(try test.engine.userImportErrors(poolId: poolId, jobId: id).map(\.line) == [12])
    }

    /// A run thought gone that comes back after another took the job over stops at once
    /// rather than importing the same rows twice.
    @Test func aRunTakenOverLeavesTheJobToTheOther() throws {
        struct ProcessDied: Error {}
        var csv = "cognito:username,email,email_verified\n"
        for index in 0..<12 { csv += "user\(index),user\(index)@example.com,true\n" }
        let id = try job()
        let engine = test.engine
        let poolId = self.poolId
        try engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        var tookOver = false
        let first = try engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in
            guard done == 3, !tookOver else { return }
            tookOver = true
            // The first run looks gone (no heartbeat for two minutes): a second takes over,
            // imports a batch, and dies in its turn.
            try engine.store.write { writer in
                let stored = try #require(try writer.pool(id: poolId))
                var record = try #require(try writer.importJob(poolKey: stored.key, id: id))
                record.heartbeat = Date(timeIntervalSinceNow: -120)
                try writer.updateImportJob(record)
            }
            _ = try engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
            _ = try? engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in if done == 6 { throw ProcessDied() } }
        }
        #expect(first.importedUsers == 6)
        #expect(first.failedUsers ?? 0 == 0 && first.skippedUsers ?? 0 == 0)
        #expect(try engine.userImportErrors(poolId: poolId, jobId: id).isEmpty)
        #expect(try engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 6)
    }

    @Test func listJobsNewestFirst() throws {
        let first = try job()
        let second = try job()
        let third = try job()
        let page = try test.engine.listUserImportJobs(ListUserImportJobsRequest(userPoolId: poolId, maxResults: 2))
        #expect(page.userImportJobs?.compactMap(\.jobId) == [third, second])
        let next = try test.engine.listUserImportJobs(
            ListUserImportJobsRequest(userPoolId: poolId, maxResults: 2, paginationToken: page.paginationToken))
        #expect(next.userImportJobs?.compactMap(\.jobId) == [first])
        #expect(next.paginationToken == nil)
    }
}
