// CUSTOM_AUTH without a password: a six-digit code, three tries. Map this one file to
// DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse.
//
// A real function would email the code (SES); this one prints it, so it shows in the
// function's log (functions/NAME.log beside the database) and in the console's
// Functions screen.
//
//   sigil function map ARN --handler one-time-code.mjs
import { randomInt } from "node:crypto";

const tries = 3;

export const handler = async (event) => {
  const { request, response } = event;
  const session = request.session ?? [];
  const last = session.at(-1);
  switch (event.triggerSource) {
    case "DefineAuthChallenge_Authentication":
      if (last?.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult) {
        response.issueTokens = true;
      } else if (session.filter((entry) => entry.challengeName === "CUSTOM_CHALLENGE").length >= tries || request.userNotFound) {
        response.failAuthentication = true;
      } else {
        response.challengeName = "CUSTOM_CHALLENGE";
      }
      break;
    case "CreateAuthChallenge_Authentication": {
      // The same code for every try: it travels in the challenge's metadata.
      const previous = last?.challengeMetadata?.match(/^CODE-(\d{6})$/)?.[1];
      const code = previous ?? String(randomInt(0, 1_000_000)).padStart(6, "0");
      if (!previous) console.log(`One-time code for ${event.userName}: ${code}`);
      const email = request.userAttributes.email ?? "";
      response.publicChallengeParameters = { delivery: "EMAIL", destination: email.replace(/^(.).*(@.*)$/, "$1***$2"), tries: String(tries) };
      response.privateChallengeParameters = { code };
      response.challengeMetadata = `CODE-${code}`;
      break;
    }
    case "VerifyAuthChallengeResponse_Authentication":
      response.answerCorrect = request.challengeAnswer === request.privateChallengeParameters.code;
      break;
  }
  return event;
};
