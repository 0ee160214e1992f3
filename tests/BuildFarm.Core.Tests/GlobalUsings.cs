global using BuildFarm.Core.Definitions;
