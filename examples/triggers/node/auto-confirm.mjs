// PreSignUp: people signing up with an address at an allowed domain are confirmed and
// their email marked verified.
//
//   sigil function map ARN --handler auto-confirm.mjs --env ALLOWED_DOMAINS=example.com
const allowed = (process.env.ALLOWED_DOMAINS ?? "example.com").split(",").map((d) => d.trim().toLowerCase());

export const handler = async (event) => {
  const email = event.request.userAttributes.email ?? "";
  if (allowed.includes(email.split("@").pop().toLowerCase())) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
