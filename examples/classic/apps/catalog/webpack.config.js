// @ts-check
// The catalog remote, built by webpack 5's built-in (classic) Module Federation plugin from the shop's sources.
const path = require('node:path');
const { container } = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const app = path.resolve(__dirname, '../../../shop/apps/catalog');
const deps = require('../../../shop/apps/catalog/package.json').dependencies;

/** @type {import('webpack').Configuration} */
module.exports = {
  name: 'catalog',
  mode: 'production',
  devtool: false,
  context: app,
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), publicPath: 'http://127.0.0.1:3102/', clean: true },
  resolve: { extensions: ['.js', '.jsx'] },
  resolveLoader: { modules: [path.resolve(__dirname, '../../node_modules')] },
  module: {
    rules: [
      {
        test: /\.jsx?$/,
        exclude: /node_modules/,
        loader: 'swc-loader',
        options: { jsc: { parser: { syntax: 'ecmascript', jsx: true }, transform: { react: { runtime: 'automatic' } } } },
      },
    ],
  },
  plugins: [
    new HtmlWebpackPlugin({ template: './index.html' }),
    new container.ModuleFederationPlugin({
      name: 'catalog',
      filename: 'remoteEntry.js',
      exposes: {
        './ProductList': './src/ProductList.jsx',
        './CurrencySwitch': './src/CurrencySwitch.jsx',
      },
      remotes: {
        host: 'host@http://127.0.0.1:3100/remoteEntry.js',
        cart: 'cart@http://127.0.0.1:3101/remoteEntry.js',
      },
      shared: {
        react: { singleton: true, requiredVersion: deps.react, strictVersion: true },
        'react/jsx-runtime': { singleton: true, requiredVersion: deps.react, strictVersion: true },
        'react-dom': { singleton: true, requiredVersion: deps['react-dom'], strictVersion: true },
        'react-dom/client': { singleton: true, requiredVersion: deps['react-dom'], strictVersion: true },
        '@tanstack/react-query': { singleton: true, requiredVersion: deps['@tanstack/react-query'] },
        '@reduxjs/toolkit': { singleton: true, requiredVersion: deps['@reduxjs/toolkit'] },
      },
    }),
  ],
};
