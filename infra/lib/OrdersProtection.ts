/**
 * An AWS WAF web ACL (wafv2, REGIONAL) in front of the AppSync API and the REST shims' stage: a
 * per-IP rate-based rule and AWS's managed core rule set (AWSManagedRulesCommonRuleSet).
 *
 * - Rate-based rules count requests per IP over a 5-minute window (the default evaluation window)
 *   and block an IP while it is over the limit:
 *   https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
 * - The core rule set's SizeRestrictions_BODY blocks bodies over 8 KB:
 *   https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 *   It stays blocking: every request this API accepts is far smaller (each string argument is at
 *   most 100 characters; the standard introspection query is about 2 KB; test/infra/operations.test.ts
 *   measures both), and AppSync forwards at most 8 KB of a body to WAF anyway
 *   (https://docs.aws.amazon.com/waf/latest/APIReference/API_Body.html), so a larger body could hide
 *   a payload past what the other rules inspect.
 * - AppSync and API Gateway REST stages are among the resources a regional web ACL protects:
 *   https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
 */
import { Validations } from 'aws-cdk-lib';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct, type IConstruct } from 'constructs';

export const RATE_RULE_NAME = 'RateLimitPerIp';
export const COMMON_RULE_SET = 'AWSManagedRulesCommonRuleSet';

export interface ProtectedResource {
  /** Construct id of the association, e.g. `GraphqlApi`. */
  readonly id: string;
  /**
   * The resource's ARN (AppSync API ARN, or API Gateway stage ARN). It must reference the resource
   * (GetAtt/Ref, as `api.arn` and `stage.stageArn` do) so the association is created after it.
   */
  readonly arn: string;
}

export interface OrdersProtectionProps {
  /** The web ACL's name and metric prefix, e.g. `OrdersApi-prod`. */
  readonly name: string;
  /** Requests one IP may send per 5 minutes before it is blocked (10–2,000,000,000). */
  readonly rateLimitPerIp: number;
  /** What the web ACL protects. */
  readonly resources: readonly ProtectedResource[];
}

export class OrdersProtection extends Construct {
  public readonly webAcl: CfnWebACL;
  public readonly associations: readonly CfnWebACLAssociation[];

  constructor(scope: Construct, id: string, props: OrdersProtectionProps) {
    super(scope, id);
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      description: `${props.name}: per-IP rate limit and AWS core rule set for the Orders API`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        {
          name: RATE_RULE_NAME,
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimitPerIp, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility(`${props.name}-${RATE_RULE_NAME}`),
        },
        {
          name: COMMON_RULE_SET,
          priority: 1,
          // The group's own actions (block) apply; no rule is overridden (see the file comment on SizeRestrictions_BODY).
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: COMMON_RULE_SET } },
          visibilityConfig: visibility(`${props.name}-${COMMON_RULE_SET}`),
        },
      ],
    });
    this.associations = props.resources.map(
      (resource) =>
        new CfnWebACLAssociation(this, `${resource.id}Association`, { resourceArn: resource.arn, webAclArn: this.webAcl.attrArn }),
    );
  }
}

/**
 * Without a web ACL (dev stages, or `-c waf=false`) cdk-nag's APIG3 finding on the REST stage stands;
 * this records why, so the acknowledgement exists exactly when the finding does.
 */
export function acknowledgeNoWebAcl(restStage: IConstruct): void {
  Validations.of(restStage).acknowledge({
    id: 'AwsSolutions-APIG3',
    reason:
      'WAF is off in this stage (default outside prod; -c waf=true turns it on): every method requires an API key whose ' +
      'usage plan throttles and caps requests, bodies are validated against the models, and a web ACL costs a fixed monthly fee.',
  });
}
