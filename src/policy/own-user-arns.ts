/**
 * The ARNs of "the IAM user making the request", for any account and any user path: IAM
 * replaces `${aws:username}` with the caller's user name, and a user name never contains a
 * slash, so `user/*\/${aws:username}` matches only the caller even under a path such as
 * `/engineering/`. AWS's examples use the first form alone, which misses users with a path.
 */
export const OWN_USER_ARNS = ownUserArns('aws')

/** The same ARNs in another partition (`aws-cn`, `aws-us-gov`): an ARN of the wrong partition matches nothing. */
export function ownUserArns(partition: string): string[] {
  return [`arn:${partition}:iam::*:user/\${aws:username}`, `arn:${partition}:iam::*:user/*/\${aws:username}`]
}
