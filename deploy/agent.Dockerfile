# A BuildFarm agent. Build from the repository root:
#   docker build -f deploy/agent.Dockerfile -t buildfarm-agent .
# Jobs run with bash in this image: add the tools your pipelines need.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/BuildFarm.Cli/BuildFarm.Cli.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends bash coreutils git make && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENTRYPOINT ["/app/farm"]
CMD ["agent", "--work", "/work"]
