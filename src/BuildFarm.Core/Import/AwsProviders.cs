namespace BuildFarm.Core.Import;

/// <summary>CodePipeline's providers that have no equivalent here, and what a team would use instead.</summary>
internal static class AwsProviders
{
    public const string SourceSuggestion =
        "use a Git source (configuration Repository: a clone URL), or a Folder source on a checkout the agents can read " +
        "(configuration Path; the stand-in reads the pipeline file's folder)";

    private static readonly Dictionary<string, string> Suggestions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CloudFormation"] = "a Commands action that runs `aws cloudformation deploy` on an agent that has AWS credentials",
        ["CloudFormationStackSet"] = "a Commands action that runs `aws cloudformation create-stack-set`/`update-stack-set` on an agent with AWS credentials",
        ["CloudFormationStackInstances"] = "a Commands action that runs `aws cloudformation create-stack-instances` on an agent with AWS credentials",
        ["CodeDeploy"] = "a Commands action that runs `aws deploy create-deployment` (or your own rollout script) on an agent",
        ["CodeDeployToECS"] = "a Commands action that runs `aws deploy create-deployment` for the ECS service on an agent with AWS credentials",
        ["ECS"] = "a Commands action that runs `aws ecs update-service` with the new task definition on an agent with AWS credentials",
        ["EKS"] = "a Commands action that runs `kubectl apply` (or helm) on an agent with cluster credentials",
        ["EC2"] = "a Commands action that runs your rollout over SSH or `aws ssm send-command` on an agent",
        ["ElasticBeanstalk"] = "a Commands action that runs `eb deploy` or `aws elasticbeanstalk update-environment` on an agent",
        ["S3"] = "a Commands action that runs `aws s3 sync` of its input artifact on an agent with AWS credentials",
        ["Lambda"] = "a Commands action that runs the function's logic itself, or `aws lambda invoke` / `aws lambda update-function-code` on an agent",
        ["StepFunctions"] = "a Commands action that runs `aws stepfunctions start-execution` and waits for it on an agent",
        ["ECRBuildAndPublish"] = "a Commands action that runs `docker build` and `docker push` on an agent with Docker",
        ["AppConfig"] = "a Commands action that runs `aws appconfig start-deployment` on an agent",
        ["ServiceCatalog"] = "a Commands action that runs `aws servicecatalog update-provisioning-artifact` on an agent",
        ["InspectorScan"] = "a Commands action that runs your scanner on the input artifact (for example trivy or grype)",
        ["DeviceFarm"] = "a Commands action that runs the tests on devices or emulators reachable from an agent",
        ["AlexaSkillsKit"] = "a Commands action that runs `ask deploy` on an agent",
        ["Jenkins"] = "a Commands action with the job's steps, or a custom worker registering for the provider over the agent protocol",
    };

    public static string SuggestionFor(string provider, string category) =>
        category == "Source" ? SourceSuggestion
        : Suggestions.TryGetValue(provider, out var suggestion) ? suggestion
        : "a Commands action that does the same on an agent, or a custom worker registering for the provider over the agent protocol";
}
