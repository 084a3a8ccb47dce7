/**
 * The publicly documented ways an IAM principal raises its own privileges, as data: each method
 * needs every one of its actions (on any resource) and is named after the public research that
 * documents it. Ids follow pathfinding.cloud's catalogue where it has the path; the Rhino
 * Security Labs numbers are those of Spencer Gietzen's 2018 list. Written for iamkit from that
 * research; a test checks that every action exists in AWS's data.
 *
 * A method whose actions include another listed method's is left out (it adds no finding: the
 * smaller method is reported already); `sts:AssumeRole` into a stronger role is ESCALATION_PATH's.
 */
export interface EscalationMethod {
  id: string
  name: string
  /** All of these are needed. */
  actions: readonly string[]
  reference: string
}

const RHINO = 'Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation" (2018)'
const RHINO_2 = 'Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation – Part 2" (2019)'
const PATHFINDING = 'pathfinding.cloud (Datadog), path'
const HACKTRICKS_EC2 = 'HackTricks Cloud, "AWS - EC2 Privesc" (iam:PassRole with Auto Scaling)'

const m = (id: string, name: string, actions: string[], reference: string): EscalationMethod => ({ id, name, actions, reference })

export const ESCALATION_METHODS: readonly EscalationMethod[] = [
  // IAM itself: rewrite or attach policies, take over another identity's credentials.
  m('iam-001', 'Create a new default version of a managed policy', ['iam:CreatePolicyVersion'], `${RHINO}, method 1; ${PATHFINDING} iam-001`),
  m('iam-set-default-version', 'Switch a managed policy to an older, wider version', ['iam:SetDefaultPolicyVersion'], `${RHINO}, method 2`),
  m('iam-002', "Create an access key for another user", ['iam:CreateAccessKey'], `${RHINO}, method 4; ${PATHFINDING} iam-002`),
  m('iam-004', 'Create a console password for a user that has none', ['iam:CreateLoginProfile'], `${RHINO}, method 5; ${PATHFINDING} iam-004`),
  m('iam-006', "Change another user's console password", ['iam:UpdateLoginProfile'], `${RHINO}, method 6; ${PATHFINDING} iam-006`),
  m('iam-008', 'Attach any managed policy to a user', ['iam:AttachUserPolicy'], `${RHINO}, method 7; ${PATHFINDING} iam-008`),
  m('iam-010', 'Attach any managed policy to a group', ['iam:AttachGroupPolicy'], `${RHINO}, method 8; ${PATHFINDING} iam-010`),
  m('iam-009', 'Attach any managed policy to a role', ['iam:AttachRolePolicy'], `${RHINO}, method 9; ${PATHFINDING} iam-009`),
  m('iam-007', 'Write an inline policy into a user', ['iam:PutUserPolicy'], `${RHINO}, method 10; ${PATHFINDING} iam-007`),
  m('iam-011', 'Write an inline policy into a group', ['iam:PutGroupPolicy'], `${RHINO}, method 11; ${PATHFINDING} iam-011`),
  m('iam-005', 'Write an inline policy into a role', ['iam:PutRolePolicy'], `${RHINO}, method 12; ${PATHFINDING} iam-005`),
  m('iam-013', 'Add a user to a more privileged group', ['iam:AddUserToGroup'], `${RHINO}, method 13; ${PATHFINDING} iam-013`),
  m('iam-012', "Rewrite a role's trust policy to let oneself assume it", ['iam:UpdateAssumeRolePolicy'], `${RHINO}, method 14; ${PATHFINDING} iam-012`),

  // Pass a role to a compute service and run code as that role.
  m('ec2-001', 'Launch an EC2 instance with a passed role', ['iam:PassRole', 'ec2:RunInstances'], `${RHINO}, method 3; ${PATHFINDING} ec2-001`),
  m('ec2-004', 'Request a spot instance with a passed role', ['iam:PassRole', 'ec2:RequestSpotInstances'], `${PATHFINDING} ec2-004`),
  m('ec2-002', "Replace a stopped instance's user data to run code as its role", ['ec2:ModifyInstanceAttribute', 'ec2:StopInstances', 'ec2:StartInstances'], `${PATHFINDING} ec2-002`),
  m('ec2-003', 'Push an SSH key to an instance and use its role', ['ec2-instance-connect:SendSSHPublicKey'], `${PATHFINDING} ec2-003`),
  m('ec2-005', "Change a launch template's default version (user data, instance profile)", ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'], `${PATHFINDING} ec2-005`),
  m('autoscaling-launch-configuration', 'Create an Auto Scaling group from a launch configuration with a passed role', ['iam:PassRole', 'autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'], HACKTRICKS_EC2),
  m('autoscaling-launch-template', 'Create an Auto Scaling group from a new launch template with a passed role', ['iam:PassRole', 'ec2:CreateLaunchTemplate', 'autoscaling:CreateAutoScalingGroup'], HACKTRICKS_EC2),
  m('lambda-001', 'Create a Lambda function with a passed role and invoke it', ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], `${RHINO}, method 15; ${PATHFINDING} lambda-001`),
  m('lambda-002', 'Create a Lambda function with a passed role and trigger it from an event source', ['iam:PassRole', 'lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], `${RHINO}, method 16; ${PATHFINDING} lambda-002`),
  m('lambda-006', 'Create a Lambda function with a passed role and let anyone invoke it', ['iam:PassRole', 'lambda:CreateFunction', 'lambda:AddPermission'], `${PATHFINDING} lambda-006`),
  m('lambda-003', "Replace an existing function's code to run as its role", ['lambda:UpdateFunctionCode'], `${RHINO}, method 17; ${PATHFINDING} lambda-003`),
  m('glue-001', 'Create a Glue development endpoint with a passed role', ['iam:PassRole', 'glue:CreateDevEndpoint'], `${RHINO}, method 18; ${PATHFINDING} glue-001`),
  m('glue-002', "Add an SSH key to an existing Glue development endpoint", ['glue:UpdateDevEndpoint'], `${RHINO}, method 19; ${PATHFINDING} glue-002`),
  m('glue-003', 'Create and run a Glue job with a passed role', ['iam:PassRole', 'glue:CreateJob', 'glue:StartJobRun'], `${PATHFINDING} glue-003`),
  m('glue-004', 'Create a Glue job with a passed role and a trigger for it', ['iam:PassRole', 'glue:CreateJob', 'glue:CreateTrigger'], `${PATHFINDING} glue-004`),
  m('glue-005', 'Point an existing Glue job at a passed role and run it', ['iam:PassRole', 'glue:UpdateJob', 'glue:StartJobRun'], `${PATHFINDING} glue-005`),
  m('glue-006', 'Point an existing Glue job at a passed role and trigger it', ['iam:PassRole', 'glue:UpdateJob', 'glue:CreateTrigger'], `${PATHFINDING} glue-006`),
  m('glue-007', 'Open a Glue interactive session with a passed role and run code in it', ['iam:PassRole', 'glue:CreateSession', 'glue:RunStatement'], `${PATHFINDING} glue-007`),
  m('cloudformation-001', 'Create a CloudFormation stack with a passed role', ['iam:PassRole', 'cloudformation:CreateStack'], `${RHINO}, method 20; ${PATHFINDING} cloudformation-001`),
  m('cloudformation-002', 'Update a stack that already runs with a privileged role', ['cloudformation:UpdateStack'], `${PATHFINDING} cloudformation-002`),
  m('cloudformation-003', 'Create a stack set and its instances with a passed role', ['iam:PassRole', 'cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], `${PATHFINDING} cloudformation-003`),
  m('cloudformation-004', 'Update a stack set with a passed role', ['iam:PassRole', 'cloudformation:UpdateStackSet'], `${PATHFINDING} cloudformation-004`),
  m('cloudformation-005', 'Create and execute a change set on a stack that runs with a privileged role', ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet'], `${PATHFINDING} cloudformation-005`),
  m('datapipeline-001', 'Create and activate a Data Pipeline with a passed role', ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'], `${RHINO}, method 21; ${PATHFINDING} datapipeline-001`),
  m('codebuild-002', "Start a build of an existing project with an overridden buildspec, as the project's role", ['codebuild:StartBuild'], `${PATHFINDING} codebuild-002`),
  m('codebuild-003', "Start a batch build of an existing project with an overridden buildspec", ['codebuild:StartBuildBatch'], `${PATHFINDING} codebuild-003`),
  m('codedeploy-001', 'Deploy code to instances that run with privileged roles', ['codedeploy:CreateDeployment'], `${PATHFINDING} codedeploy-001`),
  m('codestar-passrole', 'Create a CodeStar project with a passed role', ['iam:PassRole', 'codestar:CreateProject'], `${RHINO_2}, codestar:CreateProject + iam:PassRole`),
  m('codestar-team-member', 'Create a CodeStar project and make oneself its owner', ['codestar:CreateProject', 'codestar:AssociateTeamMember'], `${RHINO_2}, codestar:CreateProject + codestar:AssociateTeamMember`),
  m('ecs-008', 'Run an ECS task with a passed task role', ['iam:PassRole', 'ecs:RunTask'], `${PATHFINDING} ecs-008`),
  m('ecs-007', 'Start an ECS task with a passed task role', ['iam:PassRole', 'ecs:StartTask'], `${PATHFINDING} ecs-007`),
  m('ecs-003', 'Register a task definition with a passed role and run it as a service', ['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:CreateService'], `${PATHFINDING} ecs-003`),
  m('ecs-006', 'Open a shell in a running ECS task and use its role', ['ecs:ExecuteCommand', 'ecs:DescribeTasks'], `${PATHFINDING} ecs-006`),
  m('batch-passrole', 'Register a Batch job definition with a passed role and submit a job', ['iam:PassRole', 'batch:RegisterJobDefinition', 'batch:SubmitJob'], `${PATHFINDING} batch-001`),
  m('emr-001', 'Run an EMR cluster with a passed role', ['iam:PassRole', 'elasticmapreduce:RunJobFlow'], `${PATHFINDING} emr-001`),
  m('emrserverless-001', 'Create an EMR Serverless application and run a job with a passed role', ['iam:PassRole', 'emr-serverless:CreateApplication', 'emr-serverless:StartJobRun'], `${PATHFINDING} emrserverless-001`),
  m('gamelift-001', 'Create a GameLift build and fleet with a passed role', ['iam:PassRole', 'gamelift:CreateBuild', 'gamelift:CreateFleet'], `${PATHFINDING} gamelift-001`),
  m('kinesisanalytics-001', 'Create and start a Kinesis Data Analytics application with a passed role', ['iam:PassRole', 'kinesisanalytics:CreateApplication', 'kinesisanalytics:StartApplication'], `${PATHFINDING} kinesisanalytics-001`),
  m('sagemaker-002', 'Create a SageMaker training job with a passed role', ['iam:PassRole', 'sagemaker:CreateTrainingJob'], `${PATHFINDING} sagemaker-002`),
  m('sagemaker-003', 'Create a SageMaker processing job with a passed role', ['iam:PassRole', 'sagemaker:CreateProcessingJob'], `${PATHFINDING} sagemaker-003`),
  m('sagemaker-004', "Open an existing SageMaker notebook and use its role", ['sagemaker:CreatePresignedNotebookInstanceUrl'], `${RHINO_2}; ${PATHFINDING} sagemaker-004`),
  m('sagemaker-005', "Change a notebook's lifecycle configuration to run code as its role", ['sagemaker:UpdateNotebookInstanceLifecycleConfig', 'sagemaker:StopNotebookInstance', 'sagemaker:StartNotebookInstance'], `${PATHFINDING} sagemaker-005`),
  m('scheduler-001', 'Create an EventBridge Scheduler schedule that acts with a passed role', ['iam:PassRole', 'scheduler:CreateSchedule'], `${PATHFINDING} scheduler-001`),
  m('stepfunctions-001', 'Create and start a Step Functions state machine with a passed role', ['iam:PassRole', 'states:CreateStateMachine', 'states:StartExecution'], `${PATHFINDING} stepfunctions-001`),
  m('stepfunctions-002', 'Rewrite an existing state machine and start it as its role', ['states:UpdateStateMachine', 'states:StartExecution'], `${PATHFINDING} stepfunctions-002`),
  m('apprunner-001', 'Create an App Runner service with a passed instance role', ['iam:PassRole', 'apprunner:CreateService'], `${PATHFINDING} apprunner-001`),
  m('apprunner-002', "Update an App Runner service's code or configuration to act as its role", ['apprunner:UpdateService'], `${PATHFINDING} apprunner-002`),
  m('bedrock-001', 'Create an AgentCore code interpreter with a passed role and run code in it', ['iam:PassRole', 'bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession', 'bedrock-agentcore:InvokeCodeInterpreter'], `${PATHFINDING} bedrock-001`),
  m('cognito-identity-001', "Set an identity pool's roles to a passed role and take its credentials", ['iam:PassRole', 'cognito-identity:SetIdentityPoolRoles'], `${PATHFINDING} cognito-identity-001`),
  m('ssm-001', 'Open a Session Manager shell on an instance and use its role', ['ssm:StartSession'], `${PATHFINDING} ssm-001`),
  m('ssm-002', 'Run commands on instances through Systems Manager and use their roles', ['ssm:SendCommand'], `${PATHFINDING} ssm-002`),
  m('ssm-003', 'Create an Automation document and run it', ['ssm:CreateDocument', 'ssm:StartAutomationExecution'], `${PATHFINDING} ssm-003`),
]
