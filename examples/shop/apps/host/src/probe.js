// Registers the library objects this app really imported (see @shop/probe).
import React from 'react';
import ReactDOM from 'react-dom';
import { QueryClient } from '@tanstack/react-query';
import { configureStore } from '@reduxjs/toolkit';
import { Provider } from 'react-redux';
import { probeLibraries } from '@shop/probe';

probeLibraries('host', {
  react: React,
  'react-dom': ReactDOM,
  '@tanstack/react-query': QueryClient,
  '@reduxjs/toolkit': configureStore,
  'react-redux': Provider,
});
