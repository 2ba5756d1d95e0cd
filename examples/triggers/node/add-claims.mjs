// PreTokenGeneration (version 1 event): adds a `tenant` claim to the ID token and puts
// everyone in a `members` group in the tokens besides their own.
//
//   sigil function map ARN --handler add-claims.mjs
export const handler = async (event) => {
  const tenant = (event.request.userAttributes.email ?? "@unknown").split("@").pop();
  event.response.claimsOverrideDetails = {
    claimsToAddOrOverride: { tenant },
    groupOverrideDetails: { groupsToOverride: [...event.request.groupConfiguration.groupsToOverride, "members"] },
  };
  return event;
};
