global using CoreDigest = BuildFarm.Core.Content.Digest;
