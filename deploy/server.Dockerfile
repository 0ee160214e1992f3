# A BuildFarm server node (cluster profile). Build from the repository root:
#   docker build -f deploy/server.Dockerfile -t buildfarm-server .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/BuildFarm.Cli/BuildFarm.Cli.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# gRPC, HTTP (health), Orleans silo, Orleans gateway: the defaults of `farm server`.
EXPOSE 7420 7421 11111 30000
ENTRYPOINT ["/app/farm"]
CMD ["server", "--profile", "cluster", "--listen", "0.0.0.0"]
