import Foundation
import SigilCore
import Testing

@Suite struct UserImportTests {
    let test: TestEngine
    let poolId: String

    init() async throws {
        test = try TestEngine()
        poolId = try await test.pool(CreateUserPoolRequest(poolName: "p", autoVerifiedAttributes: [.email]))
    }

    func job() async throws -> String {
        try await test.engine.createUserImportJob(
            CreateUserImportJobRequest(jobName: "j", userPoolId: poolId, cloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/import")
        ).userImportJob!.jobId!
    }

    func run(_ csv: String) async throws -> (UserImportJobType, [ImportJobRecord.RowError]) {
        let id = try await job()
        try await test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let result = try await test.engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 2)
        return (result, try await test.engine.userImportErrors(poolId: poolId, jobId: id))
    }

    @Test func headerListsTheSchemaThenCognitoColumns() async throws {
        let header = try await test.engine.getCSVHeader(GetCSVHeaderRequest(userPoolId: poolId))
        #expect(
            header.csvHeader == [
                "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
                "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address",
                "updated_at", "cognito:mfa_enabled", "cognito:username",
            ])
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.getCSVHeader(GetCSVHeaderRequest(userPoolId: "us-east-1_NotThere1"))
        }
    }

    @Test func createdJobsLookLikeCognitos() async throws {
        let created = try await test.engine.createUserImportJob(
            CreateUserImportJobRequest(jobName: "j", userPoolId: poolId, cloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/import")
        ).userImportJob!
        #expect(created.jobId?.wholeMatch(of: /import-[A-Za-z0-9]{10}/) != nil)
        #expect(created.status == .created)
        #expect(created.importedUsers == 0 && created.skippedUsers == 0 && created.failedUsers == 0)
        #expect(created.preSignedUrl?.hasPrefix("http://localhost:9229/") == true)
        await expectError(.invalidParameterException) {
            _ = try await test.engine.createUserImportJob(
                CreateUserImportJobRequest(jobName: "j", userPoolId: poolId, cloudWatchLogsRoleArn: "not-an-arn"))
        }
    }

    @Test func importsGoodRowsAndReportsBadOnesByLine() async throws {
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
        let (job, errors) = try await run(csv)
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

        let carl = try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "carl"))
        #expect(carl.userStatus == .resetRequired)
        #expect(carl.userAttributes?["name"] == "Carl, Jr.")
        #expect(carl.userMFASettingList == ["SMS_MFA"])
        #expect(
            try await test.engine.adminGetUser(AdminGetUserRequest(userPoolId: poolId, username: "eve")).userAttributes?["name"] == "Eve, the Second")
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 3)
    }

    @Test func aBadFileFailsTheWholeJob() async throws {
        let (unknown, _) = try await run("cognito:username,shoe_size\nann,9\n")
        #expect(unknown.status == .failed)
        #expect(unknown.completionMessage == "The CSV header has a column that is not in the user pool's CSV header: shoe_size")
        let (noUsername, _) = try await run("email,email_verified\nann@example.com,true\n")
        #expect(noUsername.status == .failed)
        let (unclosed, _) = try await run("cognito:username,name\nann,\"Ann\n")
        #expect(unclosed.completionMessage?.contains("line 2") == true)
        let id = try await job()
        _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let empty = try await test.engine.runUserImportJob(poolId: poolId, jobId: id)
        #expect(empty.status == .failed && empty.completionMessage == "No CSV file was uploaded for this job.")
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 0)
    }

    @Test func jobStates() async throws {
        let id = try await job()
        await expectError(.preconditionNotMetException) {
            _ = try await test.engine.stopUserImportJob(StopUserImportJobRequest(userPoolId: poolId, jobId: id))
        }
        _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        await expectError(.preconditionNotMetException) {
            _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        }
        await expectError(.preconditionNotMetException) {
            try await test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data("cognito:username\nx\n".utf8))
        }
        let stopped = try await test.engine.stopUserImportJob(StopUserImportJobRequest(userPoolId: poolId, jobId: id)).userImportJob!
        #expect(stopped.status == .stopped && stopped.completionMessage == "The Import Job was stopped by the developer.")
        await expectError(.preconditionNotMetException) { _ = try await test.engine.runUserImportJob(poolId: poolId, jobId: id) }
        await expectError(.resourceNotFoundException) {
            _ = try await test.engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: poolId, jobId: "import-NotThere12"))
        }
        #expect(
            try await test.engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: poolId, jobId: id)).userImportJob?.status == .stopped
        )
    }

    @Test func stoppingDuringARunEndsItAfterTheCurrentBatch() async throws {
        var csv = "cognito:username,email,email_verified\n"
        for index in 0..<10 { csv += "user\(index),user\(index)@example.com,true\n" }
        let id = try await job()
        try await test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let engine = test.engine
        let poolId = self.poolId
        let job = try await engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in
            if done == 3 { _ = try? await engine.stopUserImportJob(StopUserImportJobRequest(userPoolId: poolId, jobId: id)) }
        }
        #expect(job.status == .stopped)
        #expect(job.importedUsers == 3)
        #expect(try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 3)
    }

    /// A job whose process dies mid-run is shown as stopped, saying why, and StartUserImportJob
    /// continues it after the rows already imported.
    @Test func anInterruptedJobCanBeContinued() async throws {
        struct ProcessDied: Error {}
        var csv = "cognito:username,email,email_verified\n"
        for index in 0..<10 { csv += "user\(index),user\(index)@example.com,true\n" }
        csv += "user3,dup@example.com,true\n"
        let id = try await job()
        try await test.engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        await #expect(throws: ProcessDied.self) {
            try await test.engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in if done == 6 { throw ProcessDied() } }
        }
        let describe = {
            try await self.test.engine.describeUserImportJob(DescribeUserImportJobRequest(userPoolId: self.poolId, jobId: id)).userImportJob!
        }
        await #expect(try describe().status == .inProgress, "while its heartbeat is fresh it may still be running")
        await expectError(.preconditionNotMetException) {
            _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        }
        // A minute without a heartbeat: the run is over.
        try await test.engine.store.write { writer in
            let stored = try #require(try await writer.pool(id: poolId))
            var record = try #require(try await writer.importJob(poolKey: stored.key, id: id))
            record.heartbeat = Date(timeIntervalSinceNow: -120)
            try await writer.updateImportJob(record)
        }
        let interrupted = try await describe()
        #expect(interrupted.status == .stopped)
        #expect(interrupted.completionMessage?.contains("interrupted after 6 rows") == true)
        #expect(
            try await test.engine.listUserImportJobs(ListUserImportJobsRequest(userPoolId: poolId, maxResults: 10)).userImportJobs?.first?.status
                == .stopped)

        _ = try await test.engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        let finished = try await test.engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3)
        #expect(finished.status == .succeeded)
        #expect(finished.importedUsers == 10 && (finished.failedUsers ?? 0) + (finished.skippedUsers ?? 0) == 1)
        #expect(try await test.engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 10)
        #expect(try await test.engine.userImportErrors(poolId: poolId, jobId: id).map(\.line) == [12])
    }

    /// A run thought gone that comes back after another took the job over stops at once
    /// rather than importing the same rows twice.
    @Test func aRunTakenOverLeavesTheJobToTheOther() async throws {
        struct ProcessDied: Error {}
        var csv = "cognito:username,email,email_verified\n"
        for index in 0..<12 { csv += "user\(index),user\(index)@example.com,true\n" }
        let id = try await job()
        let engine = test.engine
        let poolId = self.poolId
        try await engine.uploadUserImportFile(poolId: poolId, jobId: id, csv: Data(csv.utf8))
        _ = try await engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
        var tookOver = false
        let first = try await engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in
            guard done == 3, !tookOver else { return }
            tookOver = true
            // The first run looks gone (no heartbeat for two minutes): a second takes over,
            // imports a batch, and dies in its turn.
            try await engine.store.write { writer in
                let stored = try #require(try await writer.pool(id: poolId))
                var record = try #require(try await writer.importJob(poolKey: stored.key, id: id))
                record.heartbeat = Date(timeIntervalSinceNow: -120)
                try await writer.updateImportJob(record)
            }
            _ = try await engine.startUserImportJob(StartUserImportJobRequest(userPoolId: poolId, jobId: id))
            _ = try? await engine.runUserImportJob(poolId: poolId, jobId: id, batchSize: 3) { done, _ in if done == 6 { throw ProcessDied() } }
        }
        #expect(first.importedUsers == 6)
        #expect(first.failedUsers ?? 0 == 0 && first.skippedUsers ?? 0 == 0)
        #expect(try await engine.userImportErrors(poolId: poolId, jobId: id).isEmpty)
        #expect(try await engine.describeUserPool(DescribeUserPoolRequest(userPoolId: poolId)).userPool?.estimatedNumberOfUsers == 6)
    }

    @Test func listJobsNewestFirst() async throws {
        let first = try await job()
        let second = try await job()
        let third = try await job()
        let page = try await test.engine.listUserImportJobs(ListUserImportJobsRequest(userPoolId: poolId, maxResults: 2))
        #expect(page.userImportJobs?.compactMap(\.jobId) == [third, second])
        let next = try await test.engine.listUserImportJobs(
            ListUserImportJobsRequest(userPoolId: poolId, maxResults: 2, paginationToken: page.paginationToken))
        #expect(next.userImportJobs?.compactMap(\.jobId) == [first])
        #expect(next.paginationToken == nil)
    }
}
